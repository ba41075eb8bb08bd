//! Names of the custom forms and fields wfio keeps the integration in. Workfront addresses a
//! custom field by its parameter *name* (`DE:<name>`), so these names are the contract.

pub const GROUP_FORM: &str = "Frame.io connection";
pub const GROUP_ACCOUNT_ID: &str = "Frame.io Account ID";
pub const GROUP_ACCOUNT_NAME: &str = "Frame.io Account Name";
pub const GROUP_TEAM_ID: &str = "Frame.io Team ID";
pub const GROUP_TEAM_NAME: &str = "Frame.io Team Name";
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
