//! The object types the simulated Workfront knows: codes, names, fields, references and
//! collections. Field lists follow `shared/specs` (python-workfront's 2016 extract plus the
//! fields later API versions added); anything else is refused the way Workfront refuses it.

use super::model::{self, ModelObj, guess_target};

/// A reference field: `owner` resolves through `ownerID` to a USER.
#[derive(Debug, Clone, Copy)]
pub struct Reference {
    pub name: &'static str,
    pub id_field: &'static str,
    pub target: &'static str,
}

/// A collection: `tasks` on PROJ are the TASK rows whose `projectID` is the project's ID.
#[derive(Debug, Clone, Copy)]
pub struct Collection {
    pub name: &'static str,
    pub target: &'static str,
    pub foreign_key: &'static str,
}

#[derive(Debug)]
pub struct ObjDef {
    pub code: &'static str,
    pub name: &'static str,
    pub label: &'static str,
    /// Secondary objects cannot be addressed at the top level.
    pub secondary: bool,
    /// Fields returned when `fields=` is not given, besides `ID`, `name` and `objCode`.
    pub defaults: &'static [&'static str],
    pub fields: &'static [&'static str],
    pub references: &'static [Reference],
    pub collections: &'static [Collection],
    /// Whether the object carries custom forms (`DE:` fields, `parameterValues`).
    pub custom_data: bool,
}

impl ObjDef {
    /// The wider model (every field Workfront lists for this type), if there is one.
    pub fn model(&self) -> Option<&'static ModelObj> {
        model::model(self.code)
    }

    pub fn has_field(&self, field: &str) -> bool {
        matches!(field, "ID" | "objCode")
            || self.fields.contains(&field)
            || self.model().is_some_and(|m| m.fields.iter().any(|f| f == field))
    }

    /// Fields the model knows that the registry does not list (they read as stored, else null).
    pub fn extra_fields(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.model()
            .into_iter()
            .flat_map(|m| m.fields.iter())
            .map(String::as_str)
            .filter(move |f| *f != "ID" && !self.fields.contains(f))
    }

    pub fn reference(&self, name: &str) -> Option<Reference> {
        if let Some(r) = self.references.iter().find(|r| r.name == name) {
            return Some(*r);
        }
        let m = self.model()?;
        let i = m.references.iter().position(|r| r == name)?;
        Some(Reference { name: m.references[i].as_str(), id_field: m.ref_ids[i].as_str(), target: guess_target(name) })
    }

    /// A collection; one only the model names has no target and reads as `[]`.
    pub fn collection(&self, name: &str) -> Option<Collection> {
        if let Some(c) = self.collections.iter().find(|c| c.name == name) {
            return Some(*c);
        }
        let m = self.model()?;
        let c = m.collections.iter().find(|c| *c == name && *c != "parameterValues")?;
        Some(Collection { name: c.as_str(), target: "", foreign_key: "" })
    }
}

const fn r(name: &'static str, id_field: &'static str, target: &'static str) -> Reference {
    Reference { name, id_field, target }
}

const fn c(name: &'static str, target: &'static str, foreign_key: &'static str) -> Collection {
    Collection { name, target, foreign_key }
}

pub static OBJECTS: &[ObjDef] = &[
    ObjDef {
        code: "GROUP",
        name: "Group",
        label: "Group",
        secondary: false,
        defaults: &["description"],
        fields: &[
            "name",
            "description",
            "parentID",
            "customerID",
            "defaultInterface",
            "enteredByID",
            "entryDate",
            "extRefID",
            "isActive",
            "categoryID",
            "lastUpdateDate",
        ],
        references: &[
            r("parent", "parentID", "GROUP"),
            r("enteredBy", "enteredByID", "USER"),
            r("category", "categoryID", "CTGY"),
        ],
        collections: &[
            c("children", "GROUP", "parentID"),
            c("userGroups", "USRGPS", "groupID"),
            c("objectCategories", "OBJCAT", "objID"),
        ],
        custom_data: true,
    },
    ObjDef {
        code: "USER",
        name: "User",
        label: "User",
        secondary: false,
        defaults: &["emailAddr", "isActive"],
        fields: &[
            "name",
            "firstName",
            "lastName",
            "emailAddr",
            "username",
            "isActive",
            "isAdmin",
            "accessLevelID",
            "homeGroupID",
            "homeTeamID",
            "roleID",
            "licenseType",
            "companyID",
            "title",
            "entryDate",
            "lastUpdateDate",
            "categoryID",
        ],
        references: &[r("homeGroup", "homeGroupID", "GROUP"), r("homeTeam", "homeTeamID", "TEAMOB")],
        collections: &[
            c("userGroups", "USRGPS", "userID"),
            c("teams", "TEAMMB", "userID"),
            c("objectCategories", "OBJCAT", "objID"),
        ],
        custom_data: true,
    },
    ObjDef {
        code: "USRGPS",
        name: "UserGroups",
        label: "User Group",
        secondary: true,
        defaults: &["userID", "groupID", "isOwner"],
        fields: &["userID", "groupID", "isOwner"],
        references: &[r("user", "userID", "USER"), r("group", "groupID", "GROUP")],
        collections: &[],
        custom_data: false,
    },
    ObjDef {
        code: "TEAMOB",
        name: "Team",
        label: "Team",
        secondary: false,
        defaults: &["description", "isActive"],
        fields: &["name", "description", "ownerID", "teamType", "isAgile", "isActive", "entryDate"],
        references: &[r("owner", "ownerID", "USER")],
        collections: &[c("teamMembers", "TEAMMB", "teamID"), c("objectCategories", "OBJCAT", "objID")],
        custom_data: true,
    },
    ObjDef {
        code: "TEAMMB",
        name: "TeamMember",
        label: "Team Member",
        secondary: true,
        defaults: &["teamID", "userID"],
        fields: &["teamID", "userID", "adhocTeam", "hasAssignPermissions"],
        references: &[r("team", "teamID", "TEAMOB"), r("user", "userID", "USER")],
        collections: &[],
        custom_data: false,
    },
    ObjDef {
        code: "PROJ",
        name: "Project",
        label: "Project",
        secondary: false,
        defaults: &[
            "status",
            "percentComplete",
            "priority",
            "plannedStartDate",
            "plannedCompletionDate",
            "projectedCompletionDate",
        ],
        fields: &[
            "name",
            "description",
            "status",
            "previousStatus",
            "groupID",
            "templateID",
            "ownerID",
            "sponsorID",
            "companyID",
            "portfolioID",
            "programID",
            "categoryID",
            "plannedStartDate",
            "plannedCompletionDate",
            "projectedCompletionDate",
            "priority",
            "percentComplete",
            "condition",
            "conditionType",
            "referenceNumber",
            "statusUpdate",
            "hasDocuments",
            "totalTaskCount",
            "URL",
            "entryDate",
            "enteredByID",
            "lastUpdateDate",
            "statusEquatesWith",
        ],
        references: &[
            r("group", "groupID", "GROUP"),
            r("template", "templateID", "TMPL"),
            r("owner", "ownerID", "USER"),
            r("sponsor", "sponsorID", "USER"),
            r("category", "categoryID", "CTGY"),
            r("enteredBy", "enteredByID", "USER"),
        ],
        collections: &[
            c("tasks", "TASK", "projectID"),
            c("documents", "DOCU", "projectID"),
            c("objectCategories", "OBJCAT", "objID"),
            c("assignments", "ASSGN", "projectID"),
        ],
        custom_data: true,
    },
    ObjDef {
        code: "TASK",
        name: "Task",
        label: "Task",
        secondary: false,
        defaults: &[
            "status",
            "percentComplete",
            "priority",
            "plannedStartDate",
            "plannedCompletionDate",
            "projectedStartDate",
            "projectedCompletionDate",
            "progressStatus",
            "taskNumber",
            "wbs",
            "projectID",
        ],
        fields: &[
            "name",
            "description",
            "projectID",
            "parentID",
            "numberOfChildren",
            "indent",
            "taskNumber",
            "wbs",
            "status",
            "statusEquatesWith",
            "percentComplete",
            "assignedToID",
            "roleID",
            "teamID",
            "categoryID",
            "plannedStartDate",
            "plannedCompletionDate",
            "projectedCompletionDate",
            "duration",
            "durationType",
            "workRequired",
            "priority",
            "entryDate",
            "enteredByID",
            "lastUpdateDate",
            "templateTaskID",
        ],
        references: &[
            r("project", "projectID", "PROJ"),
            r("parent", "parentID", "TASK"),
            r("assignedTo", "assignedToID", "USER"),
            r("team", "teamID", "TEAMOB"),
            r("category", "categoryID", "CTGY"),
        ],
        collections: &[
            c("assignments", "ASSGN", "taskID"),
            c("children", "TASK", "parentID"),
            c("documents", "DOCU", "taskID"),
            c("objectCategories", "OBJCAT", "objID"),
        ],
        custom_data: true,
    },
    ObjDef {
        code: "ASSGN",
        name: "Assignment",
        label: "Assignment",
        secondary: false,
        defaults: &["assignedToID", "teamID", "taskID", "status"],
        fields: &[
            "assignedToID",
            "roleID",
            "teamID",
            "taskID",
            "opTaskID",
            "projectID",
            "assignmentPercent",
            "isPrimary",
            "isTeamAssignment",
            "status",
            "work",
            "workRequired",
        ],
        references: &[
            r("assignedTo", "assignedToID", "USER"),
            r("team", "teamID", "TEAMOB"),
            r("task", "taskID", "TASK"),
            r("project", "projectID", "PROJ"),
        ],
        collections: &[],
        custom_data: false,
    },
    ObjDef {
        code: "TMPL",
        name: "Template",
        label: "Template",
        secondary: false,
        defaults: &["description"],
        fields: &["name", "description", "categoryID", "companyID", "ownerID", "groupID", "teamID", "entryDate"],
        references: &[r("owner", "ownerID", "USER"), r("group", "groupID", "GROUP")],
        collections: &[c("templateTasks", "TTSK", "templateID"), c("objectCategories", "OBJCAT", "objID")],
        custom_data: true,
    },
    ObjDef {
        code: "TTSK",
        name: "TemplateTask",
        label: "Template Task",
        secondary: false,
        defaults: &["templateID", "parentID"],
        fields: &[
            "name",
            "description",
            "templateID",
            "parentID",
            "numberOfChildren",
            "taskNumber",
            "duration",
            "durationType",
            "workRequired",
            "priority",
            "assignedToID",
            "teamID",
            "roleID",
        ],
        references: &[r("template", "templateID", "TMPL"), r("parent", "parentID", "TTSK")],
        collections: &[c("children", "TTSK", "parentID"), c("objectCategories", "OBJCAT", "objID")],
        custom_data: true,
    },
    ObjDef {
        code: "CTGY",
        name: "Category",
        label: "Category",
        secondary: false,
        defaults: &["catObjCode", "description"],
        fields: &[
            "name",
            "description",
            "catObjCode",
            "objTypes",
            "groupID",
            "isActive",
            "hasCalculatedFields",
            "entryDate",
        ],
        references: &[r("group", "groupID", "GROUP")],
        collections: &[c("categoryParameters", "CTGYPA", "categoryID")],
        custom_data: false,
    },
    ObjDef {
        code: "PARAM",
        name: "Parameter",
        label: "Parameter",
        secondary: false,
        defaults: &["label", "dataType", "displayType"],
        fields: &[
            "name",
            "label",
            "description",
            "dataType",
            "displayType",
            "isRequired",
            "formatConstraint",
            "isActive",
        ],
        references: &[],
        collections: &[c("parameterOptions", "POPT", "parameterID")],
        custom_data: false,
    },
    ObjDef {
        code: "POPT",
        name: "ParameterOption",
        label: "Parameter Option",
        secondary: false,
        defaults: &["label", "value", "parameterID"],
        fields: &["label", "value", "displayOrder", "isDefault", "isHidden", "parameterID"],
        references: &[r("parameter", "parameterID", "PARAM")],
        collections: &[],
        custom_data: false,
    },
    ObjDef {
        code: "CTGYPA",
        name: "CategoryParameter",
        label: "Category Parameter",
        secondary: true,
        defaults: &["categoryID", "parameterID", "displayOrder"],
        fields: &[
            "categoryID",
            "parameterID",
            "parameterGroupID",
            "displayOrder",
            "isRequired",
            "securityLevel",
            "viewSecurityLevel",
            "customExpression",
        ],
        references: &[r("category", "categoryID", "CTGY"), r("parameter", "parameterID", "PARAM")],
        collections: &[],
        custom_data: false,
    },
    ObjDef {
        code: "OBJCAT",
        name: "ObjectCategory",
        label: "Object Category",
        secondary: false,
        defaults: &["categoryID", "categoryOrder", "objID", "objObjCode"],
        fields: &["categoryID", "categoryOrder", "objID", "objObjCode"],
        references: &[r("category", "categoryID", "CTGY")],
        collections: &[],
        custom_data: false,
    },
    ObjDef {
        code: "DOCU",
        name: "Document",
        label: "Document",
        secondary: false,
        defaults: &["description", "docObjCode", "objID", "downloadURL"],
        fields: &[
            "name",
            "description",
            "docObjCode",
            "objID",
            "projectID",
            "taskID",
            "opTaskID",
            "currentVersionID",
            "handle",
            "downloadURL",
            "previewURL",
            "fileType",
            "folderIDs",
            "ownerID",
            "categoryID",
            "isDir",
            "lastUpdateDate",
            "entryDate",
        ],
        references: &[
            r("currentVersion", "currentVersionID", "DOCV"),
            r("project", "projectID", "PROJ"),
            r("task", "taskID", "TASK"),
            r("owner", "ownerID", "USER"),
        ],
        collections: &[c("versions", "DOCV", "documentID"), c("objectCategories", "OBJCAT", "objID")],
        custom_data: true,
    },
    ObjDef {
        code: "DOCV",
        name: "DocumentVersion",
        label: "Document Version",
        secondary: false,
        defaults: &["documentID", "version", "fileName", "docSize"],
        fields: &[
            "documentID",
            "version",
            "fileName",
            "fileType",
            "docSize",
            "ext",
            "handle",
            "externalIntegrationType",
            "externalDownloadURL",
            "proofID",
            "entryDate",
        ],
        references: &[r("document", "documentID", "DOCU")],
        collections: &[],
        custom_data: false,
    },
    ObjDef {
        code: "CSTEM",
        name: "CustomEnum",
        label: "Custom Enum",
        secondary: false,
        defaults: &["value", "label", "equatesWith", "enumClass", "color", "groupID"],
        fields: &[
            "value",
            "label",
            "equatesWith",
            "enumClass",
            "color",
            "isPrimary",
            "groupID",
            "valueAsInt",
            "valueAsString",
            "description",
            "isHidden",
        ],
        references: &[r("group", "groupID", "GROUP")],
        collections: &[],
        custom_data: false,
    },
];

/// Look an object type up the way Workfront does: by code or by name, case-insensitively.
pub fn lookup(code_or_name: &str) -> Option<&'static ObjDef> {
    let wanted = code_or_name.to_ascii_lowercase();
    OBJECTS.iter().find(|d| {
        d.code.eq_ignore_ascii_case(&wanted)
            || d.name.eq_ignore_ascii_case(&wanted)
            // Common long names that differ from the metadata name.
            || matches!((d.code, wanted.as_str()), ("DOCU", "document") | ("TEAMOB", "team") | ("CTGY", "category"))
    })
}

pub fn by_code(code: &str) -> &'static ObjDef {
    lookup(code).unwrap_or_else(|| panic!("simulator bug: unknown objCode {code}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_accepts_codes_and_names_in_any_case() {
        assert_eq!(lookup("proj").unwrap().code, "PROJ");
        assert_eq!(lookup("project").unwrap().code, "PROJ");
        assert_eq!(lookup("PROJ").unwrap().code, "PROJ");
        assert_eq!(lookup("Group").unwrap().code, "GROUP");
        assert_eq!(lookup("docu").unwrap().code, "DOCU");
        assert!(lookup("nope").is_none());
    }
}
