//! Names of the custom forms and fields wfio keeps the integration in. Workfront addresses a
//! custom field by its parameter *name* (`DE:<name>`), so these names are the contract.

pub const GROUP_FORM: &str = "Frame.io connection";
pub const GROUP_ACCOUNT_ID: &str = "Frame.io Account ID";
pub const GROUP_ACCOUNT_NAME: &str = "Frame.io Account Name";
pub const GROUP_WORKSPACE_ID: &str = "Frame.io Workspace ID";
pub const GROUP_WORKSPACE_NAME: &str = "Frame.io Workspace Name";
/// A connection made before V4 recorded a legacy (v2) team here. wfio no longer writes these;
/// a group that has a team ID and no workspace ID has to be reconnected.
pub const GROUP_LEGACY_TEAM_ID: &str = "Frame.io Team ID";
pub const GROUP_LEGACY_TEAM_NAME: &str = "Frame.io Team Name";
pub const GROUP_CONNECTED_BY: &str = "Frame.io Connected By";
pub const GROUP_CONNECTED_AT: &str = "Frame.io Connected At";

pub const TASK_FORM: &str = "Frame.io integration";
/// The field the seed document names; a radio button with Inactive / Active.
pub const TASK_STATUS: &str = "This task's integration status";
pub const TASK_FOLDER_ID: &str = "Frame.io Folder ID";
pub const TASK_ACTIVE: &str = "Active";
pub const TASK_INACTIVE: &str = "Inactive";

pub const PROJECT_FORM: &str = "Frame.io project";
pub const PROJECT_ID: &str = "Frame.io Project ID";
pub const PROJECT_URL: &str = "Frame.io Project URL";
pub const PROJECT_SYNC_STATE: &str = "Frame.io Sync State";
pub const PROJECT_LAST_SYNC: &str = "Frame.io Last Sync";
pub const PROJECT_LAST_ERROR: &str = "Frame.io Last Error";

/// A custom field wfio needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub name: &'static str,
    /// Workfront `displayType`: TEXT, RDIO, SLCT...
    pub display_type: &'static str,
    pub options: &'static [&'static str],
}

/// A custom form wfio needs, on one object type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormSpec {
    pub name: &'static str,
    pub obj_code: &'static str,
    pub fields: &'static [FieldSpec],
}

const fn text(name: &'static str) -> FieldSpec {
    FieldSpec { name, display_type: "TEXT", options: &[] }
}

pub const SYNC_PENDING: &str = "Pending";
pub const SYNC_SYNCING: &str = "Syncing";
pub const SYNC_CONNECTED: &str = "Connected";
pub const SYNC_FAILED: &str = "Failed";

pub const GROUP_SPEC: FormSpec = FormSpec {
    name: GROUP_FORM,
    obj_code: "GROUP",
    fields: &[
        text(GROUP_ACCOUNT_ID),
        text(GROUP_ACCOUNT_NAME),
        text(GROUP_WORKSPACE_ID),
        text(GROUP_WORKSPACE_NAME),
        text(GROUP_CONNECTED_BY),
        text(GROUP_CONNECTED_AT),
    ],
};

pub const TASK_SPEC: FormSpec = FormSpec {
    name: TASK_FORM,
    obj_code: "TASK",
    fields: &[
        FieldSpec { name: TASK_STATUS, display_type: "RDIO", options: &[TASK_INACTIVE, TASK_ACTIVE] },
        text(TASK_FOLDER_ID),
    ],
};

pub const PROJECT_SPEC: FormSpec = FormSpec {
    name: PROJECT_FORM,
    obj_code: "PROJ",
    fields: &[
        text(PROJECT_ID),
        text(PROJECT_URL),
        FieldSpec {
            name: PROJECT_SYNC_STATE,
            display_type: "SLCT",
            options: &[SYNC_PENDING, SYNC_SYNCING, SYNC_CONNECTED, SYNC_FAILED],
        },
        text(PROJECT_LAST_SYNC),
        text(PROJECT_LAST_ERROR),
    ],
};

pub const ALL: [FormSpec; 3] = [GROUP_SPEC, TASK_SPEC, PROJECT_SPEC];

/// `DE:<name>`, the key Workfront reads and writes a custom field under.
pub fn de(name: &str) -> String {
    format!("DE:{name}")
}
