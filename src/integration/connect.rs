//! Step 1 of the seed document: connect a Workfront group to a Frame.io team, a *workspace* in
//! Frame.io V4. Workfront has no public API for "Connect to Frame.io", so the connection is
//! written into the group's "Frame.io connection" form, where every admin can see it; the
//! credential stays in the vault.

use serde_json::{Map, Value, json};

use super::bootstrap::FormIds;
use super::error::{IntegrationError, Result};
use super::forms::{self, de};
use crate::frameio::FrameioClient;
use crate::frameio::model::{AccountChoice, User, Workspace};
use crate::workfront::WorkfrontClient;
use crate::workfront::model::{Group, ObjectCategory};

/// Who a sign-in (developer token, Adobe sign-in or server-to-server) belongs to and which
/// accounts it can connect.
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

/// "Initiate Connection": check the credential and list the accounts its user administers.
pub async fn check_token(fio: &FrameioClient) -> Result<TokenCheck> {
    let user = fio.me().await?;
    let accounts = fio.account_choices().await?;
    let check = TokenCheck { user, accounts };
    if check.administered().is_empty() {
        return Err(IntegrationError::NotAdmin);
    }
    Ok(check)
}

/// The workspaces of an account, alphabetical. An account without one is an error that says
/// what to do (create one: `create_workspace`).
pub async fn workspaces(fio: &FrameioClient, account: &AccountChoice) -> Result<Vec<Workspace>> {
    let mut list = fio.workspaces(&account.account.id).await?;
    if list.is_empty() {
        return Err(IntegrationError::NoWorkspaces { account: account.account.name.clone() });
    }
    list.sort_by_key(|w| w.name.to_lowercase());
    Ok(list)
}

/// Create a workspace in an account (the seed document's prerequisite "Create a Frame.io
/// team"). Workspace names are not unique in Frame.io, so an existing one of the same name (in
/// any case) is used instead of making a second; a create whose answer was lost is found the
/// same way before trying again.
pub async fn create_workspace(fio: &FrameioClient, account_id: &str, name: &str) -> Result<Workspace> {
    let name = name.trim();
    if name.is_empty() {
        return Err(IntegrationError::Invalid("A workspace needs a name.".into()));
    }
    let find = || async {
        let list = fio.workspaces(account_id).await?;
        Ok::<_, IntegrationError>(list.into_iter().find(|w| w.name.eq_ignore_ascii_case(name)))
    };
    if let Some(w) = find().await? {
        return Ok(w);
    }
    let mut attempt = 0;
    loop {
        attempt += 1;
        match fio.create_workspace(account_id, name).await {
            Ok(w) => return Ok(w),
            Err(e) if e.is_transient() && attempt < 3 => {
                if let Some(w) = find().await? {
                    return Ok(w);
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
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

/// Write the connection into the group's form. Safe to repeat. A legacy (pre-V4) team
/// recorded on the group is cleared, so the group reads as connected to the workspace.
pub async fn write_connection(
    wf: &WorkfrontClient,
    ids: &FormIds,
    group_id: &str,
    account: &AccountChoice,
    workspace: &Workspace,
    by: &User,
) -> Result<Group> {
    attach_form(wf, "group", group_id, &ids.group).await?;
    let before: Group = wf.get("group", group_id, Group::FIELDS).await?;
    let mut values = Map::new();
    values.insert(de(forms::GROUP_ACCOUNT_ID), json!(account.account.id));
    values.insert(de(forms::GROUP_ACCOUNT_NAME), json!(account.account.name));
    values.insert(de(forms::GROUP_WORKSPACE_ID), json!(workspace.id));
    values.insert(de(forms::GROUP_WORKSPACE_NAME), json!(workspace.name));
    for legacy in [forms::GROUP_LEGACY_TEAM_ID, forms::GROUP_LEGACY_TEAM_NAME] {
        if before.custom_text(legacy).is_some_and(|v| !v.is_empty()) {
            values.insert(de(legacy), json!(""));
        }
    }
    values.insert(de(forms::GROUP_CONNECTED_BY), json!(by.email.clone().unwrap_or_else(|| by.display())));
    values.insert(de(forms::GROUP_CONNECTED_AT), json!(workfront_now()));
    Ok(wf.edit("group", group_id, &Value::Object(values), Group::FIELDS).await?)
}

/// Connect a group with a checked sign-in: write the connection into the group's form, then
/// keep the sign-in for the account (so activations of the group's projects can use it).
pub async fn connect_group(
    ctx: &super::Context,
    group_id: &str,
    source: &crate::frameio::TokenSource,
    account: &AccountChoice,
    workspace: &Workspace,
) -> Result<Group> {
    let forms = ctx.forms().await?;
    let fio = ctx.frameio(source.clone())?;
    let me = fio.me().await?;
    let group = write_connection(&ctx.wf, &forms, group_id, account, workspace, &me).await?;
    let credential = source.credential();
    ctx.vault.put(&account.account.id, &credential).map_err(IntegrationError::Local)?;
    // Also the profile's current sign-in: `group connect` and step 2 start from it next time.
    ctx.vault.set_current_sign_in(&credential).map_err(IntegrationError::Local)?;
    Ok(group)
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
