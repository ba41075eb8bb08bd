//! Step 1 of the seed document: connect a Workfront group to a Frame.io team. Workfront has no
//! public API for "Connect to Frame.io", so the connection is written into the group's
//! "Frame.io connection" form, where every admin can see it; the token stays in the vault.

use serde_json::{Map, Value, json};

use super::bootstrap::FormIds;
use super::error::{IntegrationError, Result};
use super::forms::{self, de};
use crate::frameio::FrameioClient;
use crate::frameio::model::{AccountChoice, Team, User};
use crate::workfront::WorkfrontClient;
use crate::workfront::model::{Group, ObjectCategory};

/// Who a token belongs to and which accounts it can connect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenCheck {
    pub user: User,
    /// Every account of the user, administered ones first.
    pub accounts: Vec<AccountChoice>,
}

impl TokenCheck {
    pub fn administered(&self) -> Vec<&AccountChoice> {
        self.accounts.iter().filter(|a| a.administers()).collect()
    }
}

/// "Initiate Connection": validate the token and list the accounts it administers.
pub async fn check_token(fio: &FrameioClient) -> Result<TokenCheck> {
    let user = fio.me().await?;
    let accounts = fio.account_choices().await?;
    let check = TokenCheck { user, accounts };
    if check.administered().is_empty() {
        return Err(IntegrationError::NotAdmin);
    }
    Ok(check)
}

/// The teams of an account, alphabetical; an account without teams is an error that says what to do.
pub async fn teams(fio: &FrameioClient, account: &AccountChoice) -> Result<Vec<Team>> {
    let mut teams = fio.teams(&account.account.id).await?;
    if teams.is_empty() {
        return Err(IntegrationError::NoTeams { account: account.account.name.clone() });
    }
    teams.sort_by_key(|t| t.name.to_lowercase());
    Ok(teams)
}

/// Workfront's date format: `2026-11-26T09:00:00:000-0000` (a colon before the milliseconds).
pub fn workfront_now() -> String {
    jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%S:%3f-0000").to_string()
}

/// The forms attached to an object, plus `form_id` if missing, as an `objectCategories` value
/// (a collection in `updates` replaces the whole collection, so existing forms must be resent).
pub fn with_form(existing: &[ObjectCategory], form_id: &str) -> Option<Value> {
    if existing.iter().any(|c| c.category_id == form_id) {
        return None;
    }
    let mut list: Vec<Value> =
        existing.iter().map(|c| json!({"categoryID": c.category_id, "categoryOrder": c.order})).collect();
    let order = existing.iter().map(|c| c.order + 1).max().unwrap_or(0);
    list.push(json!({"categoryID": form_id, "categoryOrder": order}));
    Some(Value::Array(list))
}

#[derive(Debug, serde::Deserialize)]
struct Attached {
    #[serde(rename = "objectCategories", default)]
    object_categories: Vec<ObjectCategory>,
}

pub(crate) const ATTACHED_FIELDS: &str = "objectCategories:categoryID,objectCategories:categoryOrder";

/// Attach `form_id` to an object when it is not attached yet.
pub async fn attach_form(wf: &WorkfrontClient, obj: &str, id: &str, form_id: &str) -> Result<()> {
    let current: Attached = wf.get(obj, id, ATTACHED_FIELDS).await?;
    if let Some(list) = with_form(&current.object_categories, form_id) {
        wf.edit::<Value>(obj, id, &json!({"objectCategories": list}), "ID").await?;
    }
    Ok(())
}

/// Write the connection into the group's form. Safe to repeat.
pub async fn write_connection(
    wf: &WorkfrontClient,
    ids: &FormIds,
    group_id: &str,
    account: &AccountChoice,
    team: &Team,
    by: &User,
) -> Result<Group> {
    attach_form(wf, "group", group_id, &ids.group).await?;
    let mut values = Map::new();
    values.insert(de(forms::GROUP_ACCOUNT_ID), json!(account.account.id));
    values.insert(de(forms::GROUP_ACCOUNT_NAME), json!(account.account.name));
    values.insert(de(forms::GROUP_TEAM_ID), json!(team.id));
    values.insert(de(forms::GROUP_TEAM_NAME), json!(team.name));
    values.insert(de(forms::GROUP_CONNECTED_BY), json!(by.email.clone().unwrap_or_else(|| by.display())));
    values.insert(de(forms::GROUP_CONNECTED_AT), json!(workfront_now()));
    Ok(wf.edit("group", group_id, &Value::Object(values), Group::FIELDS).await?)
}

/// Create a group (the seed document's "Create group").
pub async fn create_group(wf: &WorkfrontClient, name: &str) -> Result<Group> {
    let name = name.trim();
    if name.is_empty() {
        return Err(IntegrationError::Invalid("A group needs a name.".into()));
    }
    if name.chars().count() > 255 {
        return Err(IntegrationError::Invalid("Group names are limited to 255 characters.".into()));
    }
    // In any case: wfio finds groups by name in any case, so "marketing" beside "Marketing"
    // would make both ambiguous (an exact-match search missed it).
    let existing: Vec<Group> =
        wf.search_all("group", &[("name", name.to_owned()), ("name_Mod", "cieq".to_owned())], Group::FIELDS).await?;
    if existing.iter().any(|g| g.name.eq_ignore_ascii_case(name)) {
        return Err(IntegrationError::Invalid(format!(
            "A group named \"{name}\" already exists: use that group, or choose another name."
        )));
    }
    // Group names are unique, so a create whose answer was lost is found by name, not repeated.
    Ok(wf.create_or_find("group", &json!({"name": name}), Group::FIELDS, &[("name", name.to_owned())], 3).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workfront_date_format() {
        let s = workfront_now();
        assert_eq!(s.len(), "2026-11-26T09:00:00:000-0000".len(), "{s}");
        assert_eq!(&s[19..20], ":");
        assert!(s.ends_with("-0000"));
    }

    #[test]
    fn attaching_keeps_existing_forms() {
        let existing = vec![ObjectCategory { category_id: "other".into(), order: 0 }];
        let v = with_form(&existing, "ours").unwrap();
        assert_eq!(v, json!([{"categoryID": "other", "categoryOrder": 0}, {"categoryID": "ours", "categoryOrder": 1}]));
        let attached = vec![ObjectCategory { category_id: "ours".into(), order: 0 }];
        assert_eq!(with_form(&attached, "ours"), None);
    }
}
