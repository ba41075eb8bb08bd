//! The simulated Workfront's richer behaviour over real HTTP: custom forms, collection replace,
//! statuses, templates, task actions and documents.

#[path = "common/wf.rs"]
mod wf;

use reqwest::Method;
use serde_json::{Value, json};
use wf::{KEY, Wf, decode, error, id, is_wf_id};

const ILLEGAL: &str = "java.lang.IllegalArgumentException";

fn sid(v: &Value) -> String {
    v["ID"].as_str().unwrap().to_owned()
}

/// A radio field "Approval" (Yes/No) on a new PROJ form "Review", plus a project without it.
async fn review_form(w: &Wf) -> (String, String) {
    let param = w
        .write(
            Method::POST,
            "param",
            json!({"name": "Approval", "displayType": "RDIO",
                   "parameterOptions": [{"value": "Yes"}, {"value": "No", "label": "Nope"}]}),
        )
        .await;
    let form = w
        .write(
            Method::POST,
            "ctgy",
            json!({"name": "Review", "objTypes": ["PROJ"], "categoryParameters": [{"parameterID": param["ID"]}]}),
        )
        .await;
    let proj = w.write(Method::POST, "proj", json!({"name": "Reviewed"})).await;
    (sid(&form), sid(&proj))
}

#[tokio::test]
async fn custom_forms_read_and_write() {
    let w = Wf::demo().await;
    let (form, proj) = review_form(&w).await;
    let f = w
        .data(
            &format!("ctgy/{form}"),
            &[(
                "fields",
                "catObjCode,objTypes,categoryParameters:*,categoryParameters:parameter:parameterOptions:value",
            )],
        )
        .await;
    assert_eq!((f["catObjCode"].clone(), f["objTypes"].clone()), (json!("PROJ"), json!(["PROJ"])));
    assert_eq!(f["categoryParameters"][0]["parameter"]["parameterOptions"].as_array().unwrap().len(), 2);
    // Writing before the form is attached: 400, naming the field.
    let (s, v) = w.json(Method::PUT, &format!("proj/{proj}"), &[], &json!({"DE:Approval": "Yes"})).await;
    assert!(error(s, &v, 400, "com.attask.common.InvalidParameterException").contains("Approval"));
    // Attach through objectCategories and write in the same update.
    let e = w
        .write(
            Method::PUT,
            &format!("proj/{proj}"),
            json!({"objectCategories": [{"categoryID": form, "categoryOrder": 0}], "DE:Approval": "Yes"}),
        )
        .await;
    assert_eq!(e["ID"], proj.as_str());
    let p = w
        .data(&format!("proj/{proj}"), &[("fields", "categoryID,DE:Approval,parameterValues,objectCategories:*")])
        .await;
    assert_eq!(p["categoryID"], form.as_str());
    assert_eq!(p["DE:Approval"], "Yes");
    assert_eq!(p["parameterValues"], json!({"DE:Approval": "Yes"}));
    let oc = &p["objectCategories"][0];
    assert_eq!(
        (oc["categoryID"].clone(), oc["categoryOrder"].clone(), oc["objID"].clone(), oc["objObjCode"].clone()),
        (json!(form), json!(0), json!(proj), json!("PROJ"))
    );
    // The parameterValues wrapper writes too (workfront-sdk), and `parameterValues:*` reads.
    w.write(Method::PUT, &format!("proj/{proj}"), json!({"parameterValues": {"DE:Approval": "No"}})).await;
    assert_eq!(
        w.data(&format!("proj/{proj}"), &[("fields", "parameterValues:*")]).await["parameterValues"]["DE:Approval"],
        "No"
    );
    // A value outside the options, and an unknown field.
    let (s, v) = w.json(Method::PUT, &format!("proj/{proj}"), &[], &json!({"DE:Approval": "Maybe"})).await;
    assert_eq!(error(s, &v, 422, ILLEGAL), "Invalid custom enum value(s) for field 'Approval': ['Maybe']");
    let (s, v) = w.json(Method::PUT, &format!("proj/{proj}"), &[], &json!({"DE:Nope": "x"})).await;
    assert_eq!(
        error(s, &v, 422, "com.attask.common.NotFoundException"),
        "Parameter with primary key value(s) \"Nope\" not found"
    );
    // Search on custom data.
    assert_eq!(w.data("proj/count", &[("DE:Approval", "No")]).await["count"], 1);
    // Replacing objectCategories with nothing detaches the form and its values.
    w.write(Method::PUT, &format!("proj/{proj}"), json!({"objectCategories": []})).await;
    let p = w.data(&format!("proj/{proj}"), &[("fields", "categoryID,parameterValues,objectCategories")]).await;
    assert!(p["categoryID"].is_null());
    assert_eq!((p["parameterValues"].clone(), p["objectCategories"].clone()), (json!({}), json!([])));
    // The demo's task form: a radio with Inactive/Active.
    let task = id("@task-holiday-edit");
    let t = w
        .write(
            Method::PUT,
            &format!("task/{task}?fields=DE:This task's integration status"),
            json!({"DE:This task's integration status": "Active"}),
        )
        .await;
    assert_eq!(t["DE:This task's integration status"], "Active");
}

#[tokio::test]
async fn forms_collections_and_actions() {
    let w = Wf::demo().await;
    // catObjCode alone is accepted (PYEX) and filled into objTypes; the CTGY collection replace.
    let a = w.write(Method::POST, "param", json!({"name": "Brief URL"})).await;
    let b = w
        .write(
            Method::POST,
            "param",
            json!({"name": "Channels", "displayType": "CHCK", "parameterOptions": [{"value": "TV"}, {"value": "Web"}]}),
        )
        .await;
    let form = w.write(Method::POST, "ctgy", json!({"name": "Task extras", "catObjCode": "TASK"})).await;
    let form_id = sid(&form);
    let f = w
        .write(
            Method::PUT,
            &format!("ctgy/{form_id}?fields=objTypes,categoryParameters:parameterID"),
            json!({"categoryParameters": [{"parameterID": a["ID"]}, {"parameterID": b["ID"]}]}),
        )
        .await;
    assert_eq!(f["objTypes"], json!(["TASK"]));
    assert_eq!(f["categoryParameters"].as_array().unwrap().len(), 2);
    let f = w
        .write(
            Method::PUT,
            &format!("ctgy/{form_id}?fields=categoryParameters:parameterID"),
            json!({"categoryParameters": [{"parameterID": b["ID"]}]}),
        )
        .await;
    assert_eq!(
        f["categoryParameters"],
        json!([{"ID": format!("{form_id}_{}", sid(&b)), "categoryID": form_id, "displayOrder": 0, "objCode": "CTGYPA", "parameterID": b["ID"]}])
    );
    // A form for tasks cannot go on a project.
    let (s, v) = w
        .json(
            Method::PUT,
            &format!("proj/{}", id("@proj-web")),
            &[],
            &json!({"objectCategories": [{"categoryID": form_id}]}),
        )
        .await;
    error(s, &v, 422, ILLEGAL);
    // assignCategories (class-level action, JSON body args like workfront-sdk) then multi values.
    let task = id("@task-spring-brief");
    let (s, v) = w
        .json(
            Method::PUT,
            "ctgy",
            &[("action", "assignCategories")],
            &json!({"objID": task, "objCode": "TASK", "categoryIDs": [form_id]}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let t = w
        .write(
            Method::PUT,
            &format!("task/{task}?fields=parameterValues,categoryID"),
            json!({"DE:Channels": ["TV", "Web"]}),
        )
        .await;
    assert_eq!(t["parameterValues"]["DE:Channels"], json!(["TV", "Web"]));
    assert_eq!(t["categoryID"], form_id.as_str());
    let (s, v) = w.json(Method::PUT, &format!("task/{task}"), &[], &json!({"DE:Channels": ["TV", "Radio"]})).await;
    assert!(error(s, &v, 422, ILLEGAL).contains("['Radio']"));
    // Task actions: assign (form-encoded, JS client style), assignMultiple, unassign.
    let fresh = w.write(Method::POST, "task", json!({"name": "Assign me", "projectID": id("@proj-web")})).await;
    let tid = sid(&fresh);
    let (casey, dana) = (id("@usr-casey"), id("@usr-dana"));
    let r = wf::with_form(
        w.http.post(format!("{}/task/{tid}/assign", w.api)).header("apiKey", KEY),
        &[("method", "PUT"), ("objID", casey.as_str()), ("objCode", "USER")],
    );
    let (s, v) = decode(r.send().await.unwrap()).await;
    assert_eq!(s, 200, "{v}");
    let (s, _) = w
        .get(
            &format!("task/{tid}"),
            &[
                ("method", "PUT"),
                ("action", "assignMultiple"),
                ("userIDs", &dana),
                ("userIDs", &casey),
                ("teamID", &id("@team-design")),
            ],
        )
        .await;
    assert_eq!(s, 200);
    let who =
        w.data(&format!("task/{tid}"), &[("fields", "assignments:assignedToID,assignments:teamID,assignedToID")]).await;
    assert_eq!(who["assignments"].as_array().unwrap().len(), 3, "{who}");
    assert_eq!(who["assignedToID"], casey.as_str());
    w.get(&format!("task/{tid}"), &[("method", "PUT"), ("action", "unassign"), ("userID", &casey)]).await;
    let who = w.data(&format!("task/{tid}"), &[("fields", "assignments:assignedToID")]).await;
    assert_eq!(who["assignments"].as_array().unwrap().len(), 2);
    // The assignments collection replace.
    let t = w
        .write(
            Method::PUT,
            &format!("task/{tid}?fields=assignments:assignedToID,assignments:assignmentPercent"),
            json!({"assignments": [{"assignedToID": dana, "assignmentPercent": 50}]}),
        )
        .await;
    assert_eq!(t["assignments"].as_array().unwrap().len(), 1);
    assert_eq!(t["assignments"][0]["assignmentPercent"], 50);
    let (s, v) = w.get(&format!("task/{tid}"), &[("method", "PUT"), ("action", "fly")]).await;
    assert_eq!(error(s, &v, 422, ILLEGAL), "does not support action fly (TASK)");
}

#[tokio::test]
async fn custom_statuses() {
    let w = Wf::demo().await;
    let creative = id("@grp-creative");
    let list = w.data("cstem/projectGroupStatuses", &[("groupID", &creative)]).await;
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 12, "9 system + the system-wide custom LIV + the group's PRD and BRF");
    assert!(rows.iter().any(|r| r["value"] == "LIV" && r["equatesWith"] == "CUR"));
    let prd = rows.iter().find(|r| r["value"] == "PRD").unwrap();
    assert_eq!(
        prd,
        &json!({"color": "7B61FF", "equatesWith": "CUR", "groupID": creative, "label": "In Production", "objCode": "CSTEM", "value": "PRD"})
    );
    assert!(rows.iter().all(|r| r["groupID"] == creative.as_str()));
    assert!(!rows.iter().any(|r| r["value"] == "AIR"), "Marketing's status is not Creative's");
    let tasks = w.data("cstem/taskGroupStatuses", &[("groupID", &creative)]).await;
    assert_eq!(
        tasks.as_array().unwrap().iter().map(|r| r["value"].as_str().unwrap()).collect::<Vec<_>>(),
        ["NEW", "INP", "CPL"]
    );
    // A group's custom code on one of its projects; statusEquatesWith and previousStatus follow.
    let teaser = id("@proj-teaser");
    let p = w
        .write(
            Method::PUT,
            &format!("proj/{teaser}?fields=status,statusEquatesWith,previousStatus"),
            json!({"status": "PRD"}),
        )
        .await;
    assert_eq!(
        (p["status"].clone(), p["statusEquatesWith"].clone(), p["previousStatus"].clone()),
        (json!("PRD"), json!("CUR"), json!("BRF"))
    );
    assert_eq!(w.data("proj/count", &[("statusEquatesWith", "CUR")]).await["count"], 2);
    // Another group's code, and an unknown one.
    let (s, v) = w.json(Method::PUT, &format!("proj/{teaser}"), &[], &json!({"status": "AIR"})).await;
    assert_eq!(error(s, &v, 422, ILLEGAL), "Invalid custom enum value(s) for field 'status': ['AIR']");
    let (s, v) = w.json(Method::PUT, &format!("proj/{teaser}"), &[], &json!({"status": "XYZ"})).await;
    assert_eq!(error(s, &v, 422, ILLEGAL), "Invalid custom enum value(s) for field 'status': ['XYZ']");
    // System codes work everywhere.
    let p =
        w.write(Method::PUT, &format!("proj/{teaser}?fields=status,previousStatus"), json!({"status": "ONH"})).await;
    assert_eq!((p["status"].clone(), p["previousStatus"].clone()), (json!("ONH"), json!("PRD")));
    let (s, v) = w.get("cstem/projectGroupStatuses", &[]).await;
    error(s, &v, 422, ILLEGAL);
}

#[tokio::test]
async fn templates_copy_their_task_tree() {
    let w = Wf::demo().await;
    // A template with a hierarchy: Shoot > (Day 1 > Setup), Day 2.
    let tmpl = w.write(Method::POST, "tmpl", json!({"name": "Shoot", "groupID": id("@grp-video")})).await;
    let t = sid(&tmpl);
    let shoot = w.write(Method::POST, "ttsk", json!({"name": "Shoot", "templateID": t})).await;
    let day1 = w.write(Method::POST, "ttsk", json!({"name": "Day 1", "templateID": t, "parentID": shoot["ID"]})).await;
    w.write(
        Method::POST,
        "ttsk",
        json!({"name": "Setup", "templateID": t, "parentID": day1["ID"], "assignedToID": id("@usr-dana")}),
    )
    .await;
    w.write(Method::POST, "ttsk", json!({"name": "Day 2", "templateID": t, "parentID": shoot["ID"]})).await;
    let p = w.write(Method::POST, "proj", json!({"name": "From template", "templateID": t})).await;
    let pid = sid(&p);
    let proj = w.data(&format!("proj/{pid}"), &[("fields", "templateID,group:name,tasks:name,tasks:parent:name,tasks:indent,tasks:templateTaskID,tasks:assignments:assignedToID")]).await;
    assert_eq!(proj["templateID"], t.as_str());
    assert_eq!(proj["group"]["name"], "Video Production", "the template's group");
    let tasks = proj["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 4);
    let find = |n: &str| tasks.iter().find(|x| x["name"] == n).unwrap().clone();
    assert!(find("Shoot")["parent"].is_null());
    assert_eq!((find("Day 1")["parent"]["name"].clone(), find("Day 1")["indent"].clone()), (json!("Shoot"), json!(1)));
    assert_eq!((find("Setup")["parent"]["name"].clone(), find("Setup")["indent"].clone()), (json!("Day 1"), json!(2)));
    assert_eq!(find("Day 2")["parent"]["name"], "Shoot");
    assert!(is_wf_id(&find("Setup")["templateTaskID"]));
    assert_eq!(find("Setup")["assignments"][0]["assignedToID"], id("@usr-dana").as_str());
    // An explicit group wins over the template's; attachTemplate appends to an existing project.
    let p2 = w
        .write(
            Method::POST,
            "proj?fields=groupID",
            json!({"name": "Own group", "templateID": t, "groupID": id("@grp-social")}),
        )
        .await;
    assert_eq!(p2["groupID"], id("@grp-social").as_str());
    let web = id("@proj-web");
    let before = w.data("task/count", &[("projectID", &web)]).await["count"].as_u64().unwrap();
    let (s, v) =
        w.get(&format!("proj/{web}/attachTemplate"), &[("method", "PUT"), ("templateID", &id("@tmpl-campaign"))]).await;
    assert_eq!(s, 200, "{v}");
    assert!(v["data"].get("result").is_some());
    // Campaign launch: four tasks, the Key visual with two subtasks.
    assert_eq!(w.data("task/count", &[("projectID", &web)]).await["count"], before + 6);
}

#[tokio::test]
async fn documents_upload_and_download() {
    let w = Wf::demo().await;
    let big: Vec<u8> = (0..5 * 1024 * 1024 + 7).map(|i: usize| (i % 251) as u8).collect();
    let task = id("@task-spring-story");
    let upload = |bytes: Vec<u8>, name: &'static str| {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name).mime_str("video/mp4").unwrap();
        let form = reqwest::multipart::Form::new().part("uploadedFile", part);
        w.http.post(format!("{}/upload", w.api)).header("apiKey", KEY).multipart(form).send()
    };
    let (s, v) = decode(upload(big.clone(), "cut v1.mp4").await.unwrap()).await;
    assert_eq!(s, 200, "{v}");
    let handle = v["data"]["handle"].clone();
    assert!(is_wf_id(&handle));
    let doc = w
        .write(
            Method::POST,
            "document?fields=downloadURL,projectID,taskID,currentVersion:*",
            json!({"name": "Rough cut", "handle": handle, "docObjCode": "TASK", "objID": task,
               "currentVersion": {"version": "v1.0", "fileName": "cut v1.mp4"}}),
        )
        .await;
    assert_eq!((doc["taskID"].clone(), doc["projectID"].clone()), (json!(task), json!(id("@proj-spring"))));
    let v1 = &doc["currentVersion"];
    assert_eq!(
        (v1["fileName"].clone(), v1["docSize"].clone(), v1["ext"].clone(), v1["fileType"].clone()),
        (json!("cut v1.mp4"), json!(big.len()), json!("mp4"), json!("video/mp4"))
    );
    let url = doc["downloadURL"].as_str().unwrap().to_owned();
    assert!(url.starts_with("/document/download?ID="), "{url}");
    // Download with the same credentials, as header or parameter.
    let r = w.http.get(format!("{}{url}", w.base())).header("apiKey", KEY).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-length"], big.len().to_string().as_str());
    assert!(r.headers()["content-disposition"].to_str().unwrap().contains("cut v1.mp4"));
    assert!(r.bytes().await.unwrap() == big, "bytes round-trip");
    let r = w.http.get(format!("{}{url}&apiKey={KEY}", w.base())).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let (s, v) = decode(w.http.get(format!("{}{url}", w.base())).send().await.unwrap()).await;
    error(s, &v, 401, "com.attask.common.AuthenticationException");
    // The handle is used up; a new version through DOCV.
    let (s, v) = w
        .json(
            Method::POST,
            "docu",
            &[],
            &json!({"name": "again", "handle": handle, "docObjCode": "TASK", "objID": task}),
        )
        .await;
    error(s, &v, 422, ILLEGAL);
    let (_, v) = decode(upload(b"second".to_vec(), "cut v2.mp4").await.unwrap()).await;
    let docu = sid(&doc);
    w.write(Method::POST, "docv", json!({"documentID": docu, "handle": v["data"]["handle"], "fileName": "cut v2.mp4"}))
        .await;
    let d = w.data(&format!("docu/{docu}"), &[("fields", "versions:version,downloadURL")]).await;
    assert_eq!(d["versions"].as_array().unwrap().len(), 2);
    let r = w
        .http
        .get(format!("{}{}", w.base(), d["downloadURL"].as_str().unwrap()))
        .header("apiKey", KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"second");
    // Project documents; the seeded ones download too.
    let p = w.data(&format!("docu/{}", id("@docu-spring-brief")), &[("fields", "downloadURL")]).await;
    let r = w
        .http
        .get(format!("{}{}", w.base(), p["downloadURL"].as_str().unwrap()))
        .header("apiKey", KEY)
        .send()
        .await
        .unwrap();
    assert!(String::from_utf8(r.bytes().await.unwrap().to_vec()).unwrap().contains("creative brief"));
    // Deleting the document removes its bytes.
    w.call(Method::DELETE, &format!("docu/{docu}"), &[]).await;
    assert_eq!(w.sim.world().blobs.with_prefix("wf/docv/").count(), 2, "only the seeded documents' bytes remain");
}

#[tokio::test]
async fn task_moves_and_copies() {
    let w = Wf::demo().await;
    let (spring, web) = (id("@proj-spring"), id("@proj-web"));
    let story = id("@task-spring-story");
    let subtasks = w.data("task/count", &[("parentID", &story)]).await["count"].as_u64().unwrap();
    assert!(subtasks > 0);
    // bulkCopy (class-level, JSON body arguments) copies a task with its subtasks.
    let (s, v) =
        w.json(Method::PUT, "task", &[("action", "bulkCopy")], &json!({"taskIDs": [story], "projectID": web})).await;
    assert_eq!(s, 200, "{v}");
    let copy = v["data"]["result"][0].as_str().unwrap().to_owned();
    assert_eq!(w.data("task/count", &[("parentID", &copy)]).await["count"], subtasks);
    // move (instance action) takes the subtree along to the other project, under a parent.
    let host = w.write(Method::POST, "task", json!({"name": "Host", "projectID": web})).await;
    let (s, v) = w
        .get(
            &format!("task/{story}/move"),
            &[("method", "PUT"), ("projectID", &web), ("parentID", host["ID"].as_str().unwrap())],
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let moved = w
        .data(&format!("task/{story}"), &[("fields", "projectID,parentID,indent,children:projectID,children:indent")])
        .await;
    assert_eq!(
        (moved["projectID"].clone(), moved["parentID"].clone(), moved["indent"].clone()),
        (json!(web), host["ID"].clone(), json!(1))
    );
    assert!(moved["children"].as_array().unwrap().iter().all(|c| c["projectID"] == web.as_str() && c["indent"] == 2));
    assert_eq!(w.data("task/count", &[("projectID", &spring), ("parentID", &story)]).await["count"], 0);
    // markDone.
    let t = w
        .data(&format!("task/{}", sid(&host)), &[("method", "PUT"), ("action", "markDone"), ("fields", "status")])
        .await;
    assert_eq!(t["status"], "CPL");
}

#[tokio::test]
async fn membership_collections_replace() {
    let w = Wf::demo().await;
    let g = w.write(Method::POST, "group", json!({"name": "Crew"})).await;
    let gid = sid(&g);
    let (casey, dana) = (id("@usr-casey"), id("@usr-dana"));
    let v = w
        .write(
            Method::PUT,
            &format!("group/{gid}?fields=userGroups:userID,userGroups:isOwner"),
            json!({"userGroups": [{"userID": casey, "isOwner": true}, {"userID": dana}]}),
        )
        .await;
    assert_eq!(v["userGroups"].as_array().unwrap().len(), 2);
    let v = w
        .write(
            Method::PUT,
            &format!("group/{gid}?fields=userGroups:user:name"),
            json!({"userGroups": [{"userID": dana}]}),
        )
        .await;
    assert_eq!(v["userGroups"][0]["user"]["name"], "Dana Kim");
    let (s, v) = w
        .json(
            Method::PUT,
            &format!("group/{gid}"),
            &[],
            &json!({"userGroups": [{"userID": "0123456789abcdef0123456789abcdef"}]}),
        )
        .await;
    error(s, &v, 404, "com.attask.common.NotFoundException");
    let team = id("@team-video");
    let v = w
        .write(
            Method::PUT,
            &format!("teamob/{team}?fields=teamMembers:userID"),
            json!({"teamMembers": [{"userID": casey}]}),
        )
        .await;
    assert_eq!(
        v["teamMembers"],
        json!([{"ID": v["teamMembers"][0]["ID"], "objCode": "TEAMMB", "teamID": team, "userID": casey}])
    );
}
