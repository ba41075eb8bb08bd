//! The simulated Workfront API over real HTTP: auth, request encodings, reads, search, paging,
//! writes, bulk, batch, delete and metadata.

#[path = "common/wf.rs"]
mod wf;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use wf::{KEY, Wf, decode, error, id, is_wf_date, is_wf_id, with_form};

const AUTH: &str = "com.attask.common.AuthenticationException";
const ILLEGAL: &str = "java.lang.IllegalArgumentException";

#[tokio::test]
async fn auth_modes() {
    let w = Wf::demo().await;
    let url = format!("{}/group/search", w.api);
    let get = |req: reqwest::RequestBuilder| async move { decode(req.send().await.unwrap()).await };
    // API key as header and as parameter.
    assert_eq!(get(w.http.get(&url).header("apiKey", KEY)).await.0, 200);
    assert_eq!(get(w.http.get(&url).query(&[("apiKey", KEY)])).await.0, 200);
    // IMS bearer token with its org; the wrong org is refused.
    let ims = w.http.get(&url).bearer_auth("demo-ims-access-token");
    assert_eq!(get(ims.header("x-gw-ims-org-id", "DEMO0RG@AdobeOrg")).await.0, 200);
    let (s, v) =
        get(w.http.get(&url).bearer_auth("demo-ims-access-token").header("x-gw-ims-org-id", "OTHER@AdobeOrg")).await;
    error(s, &v, 401, AUTH);
    // Nothing, or a wrong key: the real envelope with 401.
    let (s, v) = get(w.http.get(&url)).await;
    assert_eq!(error(s, &v, 401, AUTH), "You are not currently logged in");
    let (s, v) = get(w.http.get(&url).header("apiKey", "nope")).await;
    assert!(error(s, &v, 401, AUTH).contains("caps lock"));

    // /login with a form body (JS client) and as a GET with query parameters.
    let login = format!("{}/login", w.api);
    let (s, v) =
        get(with_form(w.http.post(&login), &[("username", "avery.admin"), ("password", "demo-password")])).await;
    assert_eq!(s, 200, "{v}");
    let session = v["data"]["sessionID"].as_str().unwrap().to_owned();
    assert!(is_wf_id(&v["data"]["userID"]));
    let (s, _) = get(w.http.get(&login).query(&[("username", "avery.admin"), ("password", "demo-password")])).await;
    assert_eq!(s, 200);
    let (s, v) = get(w.http.get(&login).query(&[("username", "avery.admin"), ("password", "wrong")])).await;
    error(s, &v, 401, AUTH);
    for (name, how) in [("sessionID", "header"), ("SessionID", "header"), ("sessionID", "param")] {
        let req = if how == "header" {
            w.http.get(&url).header(name, &session)
        } else {
            w.http.get(&url).query(&[(name, &session)])
        };
        assert_eq!(get(req).await.0, 200, "{name} {how}");
    }
    // The login cookie reads but cannot write (BASICS: writes need an explicit credential).
    let cookie = format!("sessionID={session}");
    assert_eq!(get(w.http.get(&url).header("Cookie", &cookie)).await.0, 200);
    let (s, v) = get(w.http.post(format!("{}/group?name=X", w.api)).header("Cookie", &cookie)).await;
    error(s, &v, 401, AUTH);
    // Logout ends the session.
    let (s, v) = get(w.http.get(format!("{}/logout", w.api)).header("sessionID", &session)).await;
    assert_eq!((s.as_u16(), v["data"]["success"].clone()), (200, json!(true)));
    let (s, v) = get(w.http.get(&url).header("sessionID", &session)).await;
    error(s, &v, 401, AUTH);
    // USER getApiKey with username/password and no other credential (JS client getApiKey).
    let (s, v) = w
        .form(
            "user",
            &[("method", "PUT"), ("action", "getApiKey"), ("username", "avery.admin"), ("password", "demo-password")],
        )
        .await;
    assert_eq!((s.as_u16(), v["data"]["result"].as_str()), (200, Some(KEY)));
}

#[tokio::test]
async fn encodings_and_method_override() {
    let w = Wf::demo().await;
    // python-workfront: every call a form POST with method= and the key in the body.
    let (s, v) = w
        .form(
            "group/search",
            &[("method", "GET"), ("apiKey", KEY), ("name", "Marketing"), ("fields", "parameterValues")],
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["data"].as_array().unwrap().len(), 1, "a POST with method=GET is a search, not a create");
    assert_eq!(v["data"][0]["parameterValues"]["DE:Frame.io Workspace Name"], "Brand Studio");
    // A `{}` JSON body on a GET is tolerated.
    let r = w.http.get(format!("{}/group/count", w.api)).header("apiKey", KEY).json(&json!({})).send().await.unwrap();
    let (s, v) = decode(r).await;
    assert_eq!((s.as_u16(), v["data"]["count"].clone()), (200, json!(8)));
    // `updates` in the query string with unquoted keys, on a GET tunnelled as PUT.
    let proj = id("@proj-web");
    let (s, v) =
        w.get(&format!("proj/{proj}"), &[("method", "put"), ("updates", r#"{description:"Edited",priority:3}"#)]).await;
    assert_eq!(s, 200, "{v}");
    let p = w.data(&format!("proj/{proj}"), &[("fields", "description,priority")]).await;
    assert_eq!((p["description"].clone(), p["priority"].clone()), (json!("Edited"), json!(3)));
    // Individual field parameters on a form POST create (python-workfront `save()`), typed.
    let (s, v) =
        w.form("group", &[("method", "POST"), ("apiKey", KEY), ("name", "From a form"), ("isActive", "False")]).await;
    assert_eq!(s, 200, "{v}");
    let g = w.data(&format!("group/{}", v["data"]["ID"].as_str().unwrap()), &[("fields", "isActive")]).await;
    assert_eq!(g["isActive"], false);
    // Repeated keys for a list.
    let v = w.data("proj/search", &[("status", "CUR"), ("status", "ONH"), ("status_Mod", "in")]).await;
    assert_eq!(v.as_array().unwrap().len(), 2);
    // Object codes in any case, short or long, on any version.
    for path in ["v15.0/project/search", "v22.0/PROJ/search", "api-unsupported/Proj/search", "proj/search"] {
        let root = if path.starts_with("api-") {
            format!("{}/attask/{path}", w.base())
        } else {
            format!("{}/attask/api/{path}", w.base())
        };
        let (s, v) = decode(w.http.get(root).header("apiKey", KEY).send().await.unwrap()).await;
        assert_eq!((s.as_u16(), v["data"].as_array().map(Vec::len)), (200, Some(7)), "{path}");
    }
}

#[tokio::test]
async fn reads_fields_and_ids() {
    let w = Wf::demo().await;
    let (a, b) = (id("@proj-spring"), id("@proj-holiday"));
    // One ID answers the object, several a list.
    let one = w.data("proj", &[("id", &a)]).await;
    assert_eq!(one["ID"], a.as_str());
    let two = w.data("proj", &[("id", &format!("{a},{b}"))]).await;
    assert_eq!(two.as_array().unwrap().len(), 2);
    let (s, v) = w.get("proj/0123456789abcdef0123456789abcdef", &[]).await;
    assert!(error(s, &v, 404, "com.attask.common.NotFoundException").contains("0123456789abcdef0123456789abcdef"));
    // Nested references and collections.
    let fields = "owner:name,group:name,tasks:name,tasks:assignments:assignedTo:emailAddr,DE:Frame.io Sync State";
    let p = w.data(&format!("proj/{b}"), &[("fields", fields)]).await;
    assert_eq!(p["owner"]["name"], "Avery Admin");
    assert_eq!(p["group"]["name"], "Marketing");
    assert_eq!(p["DE:Frame.io Sync State"], "Connected");
    let emails: Vec<&Value> = p["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["assignments"].as_array().unwrap())
        .filter(|a| !a["assignedTo"].is_null())
        .map(|a| &a["assignedTo"]["emailAddr"])
        .collect();
    assert!(!emails.is_empty() && emails.iter().all(|e| e.as_str().unwrap().ends_with("@northwind.example")));
    // `*` and collections with `:*`; subtasks and numberOfChildren.
    let story =
        w.data(&format!("task/{}", id("@task-spring-story")), &[("fields", "*,children:*,assignments:*")]).await;
    assert_eq!(story["numberOfChildren"], story["children"].as_array().unwrap().len());
    assert!(story["numberOfChildren"].as_u64().unwrap() > 0);
    assert_eq!(story["children"][0]["parentID"], story["ID"]);
    // A real but unmodelled field reads as null; an unknown one is refused.
    let p = w.data(&format!("proj/{b}"), &[("fields", "portfolio:name,budget")]).await;
    assert!(p["portfolio"].is_null());
    let (s, v) = w.get(&format!("task/{}", id("@task-spring-story")), &[("fields", "bogus")]).await;
    assert_eq!(error(s, &v, 422, ILLEGAL), "APIModel V21_0 does not support field bogus (Task)");
}

#[tokio::test]
async fn search_modifiers_or_groups_and_sort() {
    let w = Wf::demo().await;
    let names = |v: Value| -> Vec<String> {
        v.as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap().to_owned()).collect()
    };
    let count = |v: Value| v.as_array().unwrap().len();
    let by = |obj: &'static str, f: &'static str, val: &'static str, m: &'static str| {
        let w = &w;
        async move {
            let m_key = format!("{f}_Mod");
            w.data(&format!("{obj}/search"), &[("name_Sort", "asc"), (f, val), (m_key.as_str(), m)]).await
        }
    };
    assert_eq!(count(by("proj", "status", "PLN", "eq").await), 3);
    assert_eq!(count(by("proj", "status", "PLN", "ne").await), 4);
    assert_eq!(names(by("proj", "name", "spring", "cicontains").await), ["Spring Campaign 2027", "Spring Expo Booth"]);
    assert_eq!(count(by("proj", "name", "spring", "contains").await), 0);
    assert_eq!(count(by("proj", "name", "Spring", "notcontains").await), 5);
    assert_eq!(count(by("user", "emailAddr", "northwind", "contains").await), 29);
    assert_eq!(count(by("proj", "status", "CUR,ONH", "in").await), 2);
    assert_eq!(count(by("proj", "status", "CUR,ONH", "notin").await), 5);
    assert_eq!(count(by("proj", "templateID", "", "isnull").await), 3);
    assert_eq!(count(by("proj", "templateID", "", "notnull").await), 4);
    assert_eq!(count(by("task", "taskNumber", "2", "lt").await), 6);
    assert_eq!(count(by("task", "taskNumber", "2", "lte").await), 10);
    assert_eq!(count(by("task", "taskNumber", "4", "gt").await), 2);
    assert_eq!(count(by("task", "taskNumber", "4", "gte").await), 3);
    let between =
        w.data("task/search", &[("taskNumber", "2"), ("taskNumber_Range", "3"), ("taskNumber_Mod", "between")]).await;
    assert_eq!(count(between), 5);
    // OR groups and nested paths.
    let v = w
        .data("proj/search", &[("OR:1:status", "CPL"), ("OR:2:group:name", "Creative Services"), ("name_Sort", "asc")])
        .await;
    assert_eq!(names(v), ["Annual Report 2025", "Product Teaser"]);
    // Multi-key sort.
    let v = w.data("proj/search", &[("status_1_Sort", "desc"), ("name_2_Sort", "asc"), ("fields", "status")]).await;
    assert_eq!(v[0]["status"], "PLN");
    assert_eq!(names(v)[..3], ["Spring Campaign 2027", "Spring Expo Booth", "Website Refresh"]);
    // count and map=true.
    assert_eq!(w.data("proj/count", &[("status", "PLN")]).await["count"], 3);
    let map = w.data("group/search", &[("map", "true")]).await;
    assert_eq!(map[id("@grp-default")]["name"], "Default");
}

#[tokio::test]
async fn paging_limits() {
    let w = Wf::demo().await;
    // Bulk-create 150 groups (two batches under the 100 limit) for 158 in all.
    for chunk in 0..2 {
        let items: Vec<Value> = (0..75).map(|i| json!({"name": format!("Paged {chunk}-{i:02}")})).collect();
        let (s, v) = w.json(Method::POST, "group", &[], &Value::Array(items)).await;
        assert_eq!((s.as_u16(), v["data"].as_array().map(Vec::len)), (200, Some(75)), "{v}");
    }
    assert_eq!(w.data("group/search", &[]).await.as_array().unwrap().len(), 100, "default page size");
    let page = w.data("group/search", &[("$$FIRST", "150"), ("$$LIMIT", "50"), ("ID_Sort", "asc")]).await;
    assert_eq!(page.as_array().unwrap().len(), 8);
    assert_eq!(w.data("group/search", &[("$$LIMIT", "2000")]).await.as_array().unwrap().len(), 158);
    let (s, v) = w.get("group/search", &[("$$LIMIT", "2001")]).await;
    assert!(error(s, &v, 422, ILLEGAL).contains("2000"));
}

#[tokio::test]
async fn create_edit_and_validation() {
    let w = Wf::demo().await;
    let p = w.write(Method::POST, "proj", json!({"name": "New launch"})).await;
    assert!(is_wf_id(&p["ID"]));
    assert_eq!((p["objCode"].clone(), p["status"].clone()), (json!("PROJ"), json!("PLN")));
    let pid = p["ID"].as_str().unwrap().to_owned();
    let full = w.data(&format!("proj/{pid}"), &[("fields", "groupID,entryDate,lastUpdateDate,group:name")]).await;
    assert_eq!(full["group"]["name"], "Default", "a project without a group gets Default");
    assert!(is_wf_date(&full["entryDate"]), "{}", full["entryDate"]);
    // Edit returns the new state and stamps lastUpdateDate.
    let e = w
        .write(
            Method::PUT,
            &format!("proj/{pid}"),
            json!({"groupID": id("@grp-video"), "plannedStartDate": "2027-01-04"}),
        )
        .await;
    assert_eq!(e["plannedStartDate"], "2027-01-04T00:00:00:000-0000");
    assert!(is_wf_date(&w.data(&format!("proj/{pid}"), &[("fields", "lastUpdateDate")]).await["lastUpdateDate"]));
    // Required fields and unknown fields.
    let (s, v) = w.json(Method::POST, "proj", &[], &json!({"description": "no name"})).await;
    assert!(error(s, &v, 422, "com.attask.common.InvalidParameterException").contains("name"));
    let (s, v) = w.json(Method::POST, "task", &[], &json!({"name": "orphan"})).await;
    assert!(error(s, &v, 422, "com.attask.common.InvalidParameterException").contains("projectID"));
    let (s, v) = w.json(Method::POST, "task", &[], &json!({"name": "x", "projectID": pid, "colour": "red"})).await;
    assert_eq!(error(s, &v, 422, ILLEGAL), "APIModel V21_0 does not support field colour (Task)");
    let (s, v) =
        w.json(Method::POST, "task", &[], &json!({"name": "x", "projectID": "0123456789abcdef0123456789abcdef"})).await;
    error(s, &v, 404, "com.attask.common.NotFoundException");
    // Tasks and subtasks.
    let t = w.write(Method::POST, "task", json!({"name": "Parent", "projectID": pid})).await;
    // The create echo has the default fields of the JS client's `create.json`.
    for f in [
        "taskNumber",
        "wbs",
        "status",
        "priority",
        "percentComplete",
        "plannedStartDate",
        "projectedCompletionDate",
        "progressStatus",
    ] {
        assert!(!t[f].is_null(), "{f} in {t}");
    }
    assert_eq!((t["taskNumber"].clone(), t["wbs"].clone()), (json!(1), json!("1")));
    let sub = w.write(Method::POST, "task", json!({"name": "Child", "parentID": t["ID"]})).await;
    assert_eq!(sub["projectID"], pid.as_str(), "a subtask takes its parent's project");
    let parent = w.data(&format!("task/{}", t["ID"].as_str().unwrap()), &[("fields", "numberOfChildren,status")]).await;
    assert_eq!((parent["numberOfChildren"].clone(), parent["status"].clone()), (json!(1), json!("NEW")));
    let (s, v) =
        w.json(Method::PUT, &format!("task/{}", t["ID"].as_str().unwrap()), &[], &json!({"status": "XYZ"})).await;
    assert!(error(s, &v, 422, ILLEGAL).contains("'XYZ'"));
    let done = w.write(Method::PUT, &format!("task/{}", t["ID"].as_str().unwrap()), json!({"status": "CPL"})).await;
    assert_eq!((done["status"].clone(), done["percentComplete"].clone()), (json!("CPL"), json!(100)));
}

#[tokio::test]
async fn bulk_create_edit_and_limit() {
    let w = Wf::demo().await;
    let made = w.write(Method::POST, "group", json!([{"name": "B1"}, {"name": "B2"}, {"name": "B3"}])).await;
    let ids: Vec<String> = made.as_array().unwrap().iter().map(|g| g["ID"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids.len(), 3);
    let edits: Vec<Value> = ids.iter().map(|i| json!({"ID": i, "description": "bulk"})).collect();
    let (s, v) = w
        .get("group", &[("method", "PUT"), ("updates", &Value::Array(edits).to_string()), ("fields", "description")])
        .await;
    assert_eq!(s, 200, "{v}");
    assert!(v["data"].as_array().unwrap().iter().all(|g| g["description"] == "bulk"));
    let too_many: Vec<Value> = (0..101).map(|i| json!({"name": format!("G{i}")})).collect();
    let (s, v) = w.json(Method::POST, "group", &[], &Value::Array(too_many)).await;
    assert_eq!(error(s, &v, 422, ILLEGAL), "Can not add more than 100 objects at once.");
    // All or nothing: one bad item leaves nothing created.
    let (s, _) = w.json(Method::POST, "group", &[], &json!([{"name": "ok"}, {"description": "no name"}])).await;
    assert_eq!(s, 422);
    assert_eq!(w.data("group/count", &[("name", "ok")]).await["count"], 0);
}

#[tokio::test]
async fn batch_requests() {
    let w = Wf::demo().await;
    let uris = [
        ("uri", "group/search?name=Marketing&method=GET".to_owned()),
        ("uri", "proj/count?status=PLN&method=GET".to_owned()),
        (
            "uri",
            format!(
                "proj/{}?method=PUT&fields=description&updates={}",
                id("@proj-web"),
                r#"{"description":"via batch"}"#
            ),
        ),
    ];
    let pairs = [&[("atomic", "false".to_owned())][..], &uris[..], &[("concurrent", "false".to_owned())][..]].concat();
    let r = with_form(w.http.post(format!("{}/batch", w.api)).header("apiKey", KEY), &pairs).send().await.unwrap();
    let (s, v) = decode(r).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["data"][0]["data"][0]["name"], "Marketing");
    assert_eq!(v["data"][1]["data"]["count"], 3);
    assert_eq!(v["data"][2]["data"]["description"], "via batch");
    // Atomic: a failure rolls back the whole batch.
    let form = [
        ("atomic", "true"),
        ("uri", "group?method=POST&name=Atomic"),
        ("uri", "proj/0123456789abcdef0123456789abcdef?method=PUT&name=x"),
    ];
    let (s, v) =
        decode(with_form(w.http.post(format!("{}/batch", w.api)).header("apiKey", KEY), &form).send().await.unwrap())
            .await;
    error(s, &v, 404, "com.attask.common.NotFoundException");
    assert_eq!(w.data("group/count", &[("name", "Atomic")]).await["count"], 0);
    let form = [("atomic", "true"), ("uri", "group?method=POST&name=Atomic")];
    let (s, v) =
        decode(with_form(w.http.post(format!("{}/batch", w.api)).header("apiKey", KEY), &form).send().await.unwrap())
            .await;
    assert_eq!((s.as_u16(), v["data"]["success"].clone()), (200, json!(true)));
}

#[tokio::test]
async fn delete_and_force() {
    let w = Wf::demo().await;
    let g = w.write(Method::POST, "group", json!({"name": "Doomed"})).await;
    let (s, v) = w.call(Method::DELETE, &format!("group/{}", g["ID"].as_str().unwrap()), &[]).await;
    assert_eq!((s.as_u16(), v.clone()), (200, json!({"data": {"success": true}})));
    let (s, v) = w.call(Method::DELETE, &format!("group/{}", g["ID"].as_str().unwrap()), &[]).await;
    error(s, &v, 404, "com.attask.common.NotFoundException");
    // A project with tasks needs force=true, which removes the tasks too.
    let spring = id("@proj-spring");
    let (s, v) = w.call(Method::DELETE, &format!("proj/{spring}"), &[]).await;
    assert!(error(s, &v, 422, "com.attask.common.InvalidParameterException").contains("force"));
    let (s, _) = w.get(&format!("proj/{spring}"), &[("method", "DELETE"), ("force", "true")]).await;
    assert_eq!(s, 200);
    assert_eq!(w.data("task/count", &[("projectID", &spring)]).await["count"], 0);
    assert_eq!(w.data("assgn/count", &[("projectID", &spring)]).await["count"], 0);
    // A complete project cannot be deleted (the JS client's removeFailure fixture).
    let (s, v) = w.call(Method::DELETE, &format!("proj/{}", id("@proj-report")), &[]).await;
    error(s, &v, 422, "com.attask.common.ProjectStatusViolationException");
}

#[tokio::test]
async fn metadata_shapes() {
    let w = Wf::demo().await;
    // Public, like the API Explorer's data.
    let v = decode(w.http.get(format!("{}/attask/api/v22.0/metadata", w.base())).send().await.unwrap()).await.1;
    let objects = &v["data"]["objects"];
    assert_eq!(objects["Project"]["objCode"], "PROJ");
    assert!(objects["Project"]["url"].as_str().unwrap().ends_with("/attask/api/v22.0/proj/metadata"));
    assert_eq!(objects["CategoryParameter"]["secondaryObject"], "true");
    assert!(objects["Project"].get("secondaryObject").is_none());
    for name in [
        "Group",
        "User",
        "UserGroups",
        "Team",
        "TeamMember",
        "Task",
        "Assignment",
        "Template",
        "TemplateTask",
        "Category",
        "Parameter",
        "ParameterOption",
        "ObjectCategory",
        "Document",
        "DocumentVersion",
        "CustomEnum",
    ] {
        assert!(objects.get(name).is_some(), "{name}");
    }
    let m = w.data("proj/metadata", &[]).await;
    assert_eq!((m["name"].clone(), m["objCode"].clone()), (json!("Project"), json!("PROJ")));
    assert_eq!(m["fields"]["plannedStartDate"]["fieldType"], "dateTime");
    assert_eq!(m["fields"]["status"]["possibleValues"].as_array().unwrap().len(), 9);
    assert_eq!(m["references"]["group"]["typeObjCode"], "GROUP");
    assert_eq!(m["collections"]["tasks"]["typeObjCode"], "TASK");
    assert_eq!(m["actions"]["attachTemplate"]["arguments"][0]["name"], "templateID");
    assert!(m["operations"].as_array().unwrap().contains(&json!("search")));
    assert!(m["flags"].as_array().unwrap().contains(&json!("DATA_EXTENDIBLE")));
    let t = w.data("task/metadata", &[]).await;
    assert_eq!(t["actions"]["assignMultiple"]["arguments"][0]["type"], "string[]");
    let c = w.data("cstem/metadata", &[]).await;
    assert!(c["queries"].get("projectGroupStatuses").is_some());
}

#[tokio::test]
async fn secondary_objects_are_not_top_level() {
    let w = Wf::demo().await;
    let (s, v) = w.json(Method::POST, "ctgypa", &[], &json!({"categoryID": id("@ctgy-project")})).await;
    assert_eq!(error(s, &v, 422, ILLEGAL), "CTGYPA is not a top level object");
    let (s, v) = w.get("nosuchthing/search", &[]).await;
    assert!(error(s, &v, 404, "com.attask.common.InvalidParameterException").contains("Unknown object type"));
    assert_eq!(StatusCode::OK, w.get("objcat/search", &[]).await.0);
}

#[tokio::test]
async fn reports_wildcards_and_copy() {
    let w = Wf::demo().await;
    // report: group by status, count and sum, with a rollup (JS client `report.json` shape).
    let r =
        w.data("proj/report", &[("status_1_GroupBy", "true"), ("priority_AggFunc", "sum"), ("$$ROLLUP", "true")]).await;
    assert_eq!(r["PLN"]["sum_priority"], 6.0);
    assert_eq!(r["PLN"]["status"], "PLN");
    assert_eq!(r["$$ROLLUP"]["sum_priority"], 14.0);
    let r = w.data("task/report", &[("status_1_GroupBy", "true")]).await;
    assert!(r["NEW"]["dcount_ID"].as_u64().unwrap() > 0);
    // $$USER and $$TODAY wildcards.
    let me = w.data("user/search", &[("ID", "$$USER.ID")]).await;
    assert_eq!(me[0]["name"], "Avery Admin");
    assert_eq!(w.data("proj/count", &[("ownerID", "$$USER")]).await["count"], 7);
    assert_eq!(
        w.data("proj/count", &[("plannedStartDate", "$$TODAY-3650d"), ("plannedStartDate_Mod", "gte")]).await["count"],
        7
    );
    // copySourceID copies a project with its tasks.
    let spring = id("@proj-spring");
    let tasks = w.data("task/count", &[("projectID", &spring)]).await["count"].clone();
    let c = w
        .write(Method::POST, &format!("proj?copySourceID={spring}&fields=groupID"), json!({"name": "Spring copy"}))
        .await;
    assert_eq!((c["name"].clone(), c["groupID"].clone()), (json!("Spring copy"), json!(id("@grp-marketing"))));
    assert_eq!(w.data("task/count", &[("projectID", c["ID"].as_str().unwrap())]).await["count"], tasks);
    let (s, v) = w.json(Method::POST, &format!("ctgy?copySourceID={}", id("@ctgy-project")), &[], &json!({})).await;
    assert_eq!(error(s, &v, 422, ILLEGAL), "does not support action copy (CTGY)");
    let (s, v) = w.call(Method::PATCH, &format!("proj/{spring}"), &[]).await;
    assert_eq!(error(s, &v, 422, ILLEGAL), "Unsupported HTTP method: PATCH");
}
