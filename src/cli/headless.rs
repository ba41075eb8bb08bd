//! Arguments of the headless commands (implemented in `crate::headless`). Wherever an object is
//! named, its name (case-insensitive, exact) or its ID is accepted.

use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgGroup, Args, Subcommand, ValueEnum};

use crate::config::AuthMode;

/// Help that leads with examples: about, examples (`before_help`), usage, options.
pub const TEMPLATE: &str = "{about-with-newline}\n{before-help}{usage-heading} {usage}\n\n{all-args}{after-help}";

/// `wfio exit-codes` and `wfio help exit-codes`.
pub fn exit_codes_help() -> String {
    crate::headless::output::exit_codes_text()
}

#[derive(Debug, Subcommand)]
#[command(help_template = TEMPLATE)]
pub enum ProfileCmd {
    /// Add a profile; the API key is read from the terminal (no echo) or from stdin, never argv.
    #[command(
        help_template = TEMPLATE,
        before_help = "Examples:
  wfio profile add acme --workfront-url https://acme.my.workfront.adobe.com
  wfio profile add acme --workfront-url https://acme.my.workfront.adobe.com --api-key-stdin < key.txt
  wfio profile add sso --workfront-url https://acme.my.workfront.adobe.com --auth ims --ims-org-id ABC@AdobeOrg
  wfio profile add local --workfront-url http://127.0.0.1:8080 --frameio-url http://127.0.0.1:8080 --api-key-stdin
"
    )]
    Add(ProfileAddArgs),
    /// List the profiles (the built-in demo included).
    List,
    /// Show a profile's settings and its credentials, masked (the profile in use by default).
    Show { name: Option<String> },
    /// Remove a profile and the secrets stored for it.
    Remove { name: String },
    /// Make a profile the default (`demo` for the built-in demo).
    Default { name: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuthArg {
    /// A Workfront API key (credentials.toml or WFIO_WORKFRONT_API_KEY).
    ApiKey,
    /// A session ID in WFIO_WORKFRONT_SESSION_ID.
    Session,
    /// An Adobe IMS access token in WFIO_IMS_ACCESS_TOKEN, with --ims-org-id.
    Ims,
}

impl From<AuthArg> for AuthMode {
    fn from(a: AuthArg) -> Self {
        match a {
            AuthArg::ApiKey => Self::ApiKey,
            AuthArg::Session => Self::Session,
            AuthArg::Ims => Self::Ims,
        }
    }
}

#[derive(Debug, Args)]
pub struct ProfileAddArgs {
    /// Profile name (not `demo`, which is built in).
    pub name: String,
    /// Workfront instance root, e.g. https://acme.my.workfront.adobe.com.
    #[arg(long, value_name = "URL")]
    pub workfront_url: String,
    #[arg(long, value_name = "VERSION", default_value = "v21.0")]
    pub api_version: String,
    #[arg(long, value_enum, default_value = "api-key")]
    pub auth: AuthArg,
    /// The IMS organisation, for --auth ims.
    #[arg(long, value_name = "ID")]
    pub ims_org_id: Option<String>,
    #[arg(long, value_name = "URL", default_value = "https://api.frame.io")]
    pub frameio_url: String,
    /// Adobe IMS, where Frame.io sign-ins come from.
    #[arg(long, value_name = "URL", default_value = crate::ims::DEFAULT_BASE)]
    pub ims_url: String,
    /// The client ID of your Adobe Developer Console credential, for "Sign in with Adobe".
    #[arg(long, value_name = "ID")]
    pub ims_client_id: Option<String>,
    /// Read the Workfront API key from the first line of stdin.
    #[arg(long)]
    pub api_key_stdin: bool,
    /// Also make it the default profile.
    #[arg(long)]
    pub default: bool,
    /// Replace a profile of the same name.
    #[arg(long)]
    pub force: bool,
}

/// How to sign in to Frame.io (V4 takes these three).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SignInWith {
    /// Adobe sign-in: open the printed address in any browser, paste back where it lands.
    Adobe,
    /// A legacy developer token (accounts migrated to V4, not on the Adobe Admin Console).
    Token,
    /// An Adobe Developer Console server-to-server credential (client ID and secret).
    S2s,
}

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// How to sign in.
    #[arg(long = "with", value_enum, default_value = "adobe")]
    pub with: SignInWith,
    /// Read the secret (the developer token, the pasted redirect address, or the client secret)
    /// from the first line of stdin instead of the terminal.
    #[arg(long)]
    pub stdin: bool,
    /// Server-to-server: the credential's client ID (the profile's ims_client_id otherwise).
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,
    /// Adobe sign-in: also listen on 127.0.0.1:PORT for the browser's redirect (with `ssh -L
    /// PORT:127.0.0.1:PORT`, nothing to paste). The credential must allow that redirect URI.
    #[arg(long, value_name = "PORT")]
    pub callback_port: Option<u16>,
}

#[derive(Debug, Subcommand)]
pub enum AuthCmd {
    /// Sign in to Frame.io and keep the sign-in for `group connect` (and, once a group is
    /// connected, for its activations).
    #[command(
        help_template = TEMPLATE,
        before_help = "Examples:\n  wfio auth login frameio                          # prints an address; paste back where it lands\n  wfio auth login frameio --callback-port 8765       # with ssh -L 8765:127.0.0.1:8765\n  wfio auth login frameio --with token --stdin < token.txt\n  wfio auth login frameio --with s2s --client-id ID --stdin < secret.txt\n"
    )]
    Login {
        /// The service to sign in to (only `frameio`: Workfront uses the profile's credential).
        #[arg(value_parser = ["frameio"])]
        service: String,
        #[command(flatten)]
        args: LoginArgs,
    },
    /// Which credentials the profile uses, where each comes from (env, file, built-in demo),
    /// masked to the last four characters.
    #[command(
        help_template = TEMPLATE,
        before_help = "Examples:\n  wfio auth status\n  wfio --profile acme auth status --check\n"
    )]
    Status {
        /// Also try them: one Workfront request, one Frame.io request per stored token (exit 4
        /// when one is refused).
        #[arg(long)]
        check: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum GroupCmd {
    /// List Workfront groups, alphabetically, with their Frame.io connection.
    #[command(help_template = TEMPLATE, before_help = "Examples:\n  wfio group list\n  wfio group list --connected --json\n")]
    List {
        /// Only groups connected to a Frame.io team.
        #[arg(long)]
        connected: bool,
    },
    /// Create a Workfront group.
    #[command(help_template = TEMPLATE, before_help = "Examples:\n  wfio group create 'Brand Films'\n")]
    Create {
        /// The group's name.
        name: String,
    },
    /// Connect a group to a Frame.io workspace (V4's team), with the profile's Frame.io sign-in
    /// (`wfio auth login frameio`) or a developer token.
    #[command(
        help_template = TEMPLATE,
        before_help = "Examples:
  wfio auth login frameio && wfio group connect Marketing --account 'Northwind Studios' --workspace 'Brand Studio'
  wfio group connect 'Creative Services' --token-stdin --account 'Northwind Agency' < token.txt
  wfio group connect Events --workspace 'Event Films' --create-workspace
",
        after_help = "When the signed-in user administers several accounts (or an account has several workspaces), \
--account (--workspace) is required; the error lists the choices. With one, it is used and named on stderr."
    )]
    Connect(GroupConnectArgs),
}

#[derive(Debug, Args)]
pub struct GroupConnectArgs {
    /// The Workfront group (name or ID).
    pub group: String,
    /// Read a Frame.io developer token (for V4 accounts not on the Adobe Admin Console) from
    /// the first line of stdin. Without it, the profile's Adobe sign-in (`wfio auth login
    /// frameio`) is used.
    #[arg(long)]
    pub token_stdin: bool,
    /// The Frame.io account (name or ID), among those the signed-in user administers.
    #[arg(long, value_name = "ID|NAME")]
    pub account: Option<String>,
    /// The Frame.io workspace (V4's name for a team; name or ID) in that account.
    #[arg(long, visible_alias = "team", value_name = "ID|NAME")]
    pub workspace: Option<String>,
    /// Create the workspace (named by --workspace) when the account has none of that name.
    #[arg(long, requires = "workspace")]
    pub create_workspace: bool,
}

#[derive(Debug, Subcommand)]
pub enum ProjectCmd {
    /// List projects with their group, status and Frame.io state.
    #[command(help_template = TEMPLATE, before_help = "Examples:\n  wfio project list\n  wfio project list --connected --json\n")]
    List {
        /// Only projects in groups connected to Frame.io.
        #[arg(long)]
        connected: bool,
    },
    /// Create a project, from scratch or from a template, optionally in a group.
    #[command(
        help_template = TEMPLATE,
        before_help = "Examples:
  wfio project create 'Autumn Teaser 2027' --template 'Video spot'
  wfio project create 'Autumn Teaser 2027' --template 'Video spot' --group 'Creative Services'
"
    )]
    Create {
        /// The project's name.
        name: String,
        /// Template (name or ID).
        #[arg(long, value_name = "T")]
        template: Option<String>,
        /// Group (name or ID); Workfront's Default group when omitted.
        #[arg(long, value_name = "G")]
        group: Option<String>,
    },
    /// Put a project in a group (in a connected one for Frame.io).
    #[command(
        help_template = TEMPLATE,
        before_help = "Examples:\n  wfio project set-group 'Autumn Teaser 2027' 'Creative Services'\n",
        after_help = "Once a project is generated in Frame.io, changing its group is not reflected in Frame.io \
(wfio warns)."
    )]
    SetGroup {
        /// The project (name or ID).
        project: String,
        /// The group (name or ID).
        group: String,
    },
    /// A project's tasks (Active and subtask markers), documents, Frame.io state and the plan.
    #[command(help_template = TEMPLATE, before_help = "Examples:\n  wfio project show 'Spring Campaign 2027'\n  wfio project show 'Spring Campaign 2027' --json | jq .plan\n")]
    Show {
        /// The project (name or ID).
        project: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum TaskCmd {
    /// Add a task to a project.
    #[command(help_template = TEMPLATE, before_help = "Examples:\n  wfio task create 'Autumn Teaser 2027' 'Color grade'\n")]
    Create {
        /// The project (name or ID).
        project: String,
        /// The task's name.
        name: String,
    },
    /// Set "This task's integration status" to Active (or Inactive) on tasks.
    #[command(
        help_template = TEMPLATE,
        before_help = "Examples:
  wfio task activate 'Spring Campaign 2027' 'Creative brief' Storyboard
  wfio task activate 'Spring Campaign 2027' --all
  wfio task activate 'Spring Campaign 2027' 'Rough cut' --inactive
",
        after_help = "Subtasks are not supported in connected Frame.io projects: naming one is an error; --all skips them."
    )]
    #[command(group(ArgGroup::new("which").required(true).args(["tasks", "all"])))]
    #[command(
        override_usage = "wfio task activate [OPTIONS] <PROJECT> <TASK>...\n       wfio task activate [OPTIONS] <PROJECT> --all"
    )]
    Activate {
        /// The project (name or ID).
        project: String,
        /// Tasks (names or IDs).
        tasks: Vec<String>,
        /// Every top-level task of the project.
        #[arg(long, conflicts_with = "tasks")]
        all: bool,
        /// Set Inactive instead.
        #[arg(long)]
        inactive: bool,
    },
    /// Assign a user or a team to tasks (they are invited to the Frame.io project).
    #[command(
        help_template = TEMPLATE,
        before_help = "Examples:
  wfio task assign 'Spring Campaign 2027' 'Creative brief' --user hana.sato@northwind.example
  wfio task assign 'Spring Campaign 2027' Storyboard 'Rough cut' --team 'Video Team'
"
    )]
    #[command(group(ArgGroup::new("who").required(true).args(["user", "team"])))]
    #[command(override_usage = "wfio task assign [OPTIONS] <PROJECT> <TASK>... (--user <EMAIL|NAME> | --team <NAME>)")]
    Assign {
        /// The project (name or ID).
        project: String,
        /// Tasks (names or IDs).
        #[arg(required = true)]
        tasks: Vec<String>,
        /// A user: email, name or ID.
        #[arg(long, value_name = "EMAIL|NAME")]
        user: Option<String>,
        /// A team: name or ID.
        #[arg(long, value_name = "NAME")]
        team: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum DocCmd {
    /// Upload local files to a project's documents (progress on stderr).
    #[command(help_template = TEMPLATE, before_help = "Examples:\n  wfio doc upload 'Spring Campaign 2027' brief.pdf storyboard.mov\n")]
    Upload {
        /// The project (name or ID).
        project: String,
        /// Local files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Debug, Args)]
#[command(
    help_template = TEMPLATE,
    before_help = "Examples:
  wfio activate 'Spring Campaign 2027' --dry-run
  wfio activate 'Spring Campaign 2027' --yes
  wfio activate 'Autumn Teaser 2027' --status PRD --yes --json
",
    after_help = "Prints the plan, asks \"Proceed? [y/N]\" (unless --yes; without a terminal --yes is required), \
then runs it with progress on stderr. An interrupted or failed activation resumes where it stopped when run again; \
nothing is created twice."
)]
pub struct ActivateArgs {
    /// The project (name or ID).
    pub project: String,
    /// The status to switch to: Current (CUR) or a custom status of the project's group that
    /// equates to Current (code or label). Default: the project's own status when it already
    /// activates, else Current.
    #[arg(long, value_name = "CODE")]
    pub status: Option<String>,
    /// Print the plan and stop; nothing is changed.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
#[command(
    help_template = TEMPLATE,
    before_help = "Examples:
  wfio watch                         poll every 30 s until Ctrl-C or SIGTERM
  wfio watch --interval 2m
  wfio watch --once                  one pass (for cron)
",
    after_help = "A project is activated when it is in a connected group, in Current or a status of its group \
that equates to Current, has an Active task, and is not generated in Frame.io yet; each exactly once. \
Projects whose last activation failed are left alone (fix them, then: wfio activate PROJECT). \
Transient failures are logged and retried on the next poll. The first Ctrl-C or SIGTERM stops after \
the activation in progress; a second abandons it (it resumes on the next run)."
)]
pub struct WatchArgs {
    /// Time between polls: 30s, 2m, 1h, 500ms.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_interval)]
    pub interval: Duration,
    /// Poll once, activate what is due, and exit.
    #[arg(long)]
    pub once: bool,
}

#[derive(Debug, Subcommand)]
pub enum DemoCmd {
    /// Forget every change made to the demo by headless commands: start again from the seed.
    Reset,
}

#[derive(Debug, Args)]
#[command(
    help_template = TEMPLATE,
    before_help = "Examples:
  wfio completions bash > ~/.local/share/bash-completion/completions/wfio
  wfio completions zsh > \"${fpath[1]}/_wfio\"
  wfio completions fish > ~/.config/fish/completions/wfio.fish
"
)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

/// `30s`, `2m`, `1h`, `500ms`, or plain seconds.
pub fn parse_interval(raw: &str) -> Result<Duration, String> {
    let s = raw.trim();
    let split = s.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let n: f64 = number.parse().map_err(|_| format!("'{raw}' is not a duration (try 30s, 2m, 1h, 500ms)"))?;
    let seconds = match unit.trim() {
        "" | "s" | "sec" | "secs" => n,
        "ms" => n / 1000.0,
        "m" | "min" | "mins" => n * 60.0,
        "h" => n * 3600.0,
        other => return Err(format!("unknown unit '{other}' in '{raw}' (use ms, s, m or h)")),
    };
    if !(0.1..=86_400.0).contains(&seconds) {
        return Err(format!("'{raw}' is out of range (100ms to 24h)"));
    }
    Ok(Duration::from_secs_f64(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals() {
        assert_eq!(parse_interval("30s").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_interval("2m").unwrap(), Duration::from_secs(120));
        assert_eq!(parse_interval("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_interval("7").unwrap(), Duration::from_secs(7));
        assert!(parse_interval("1d").is_err());
        assert!(parse_interval("0s").is_err());
        assert!(parse_interval("soon").is_err());
    }
}
