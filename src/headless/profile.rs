//! `wfio profile add|list|show|remove|default`: profiles in `config.toml`, their secrets in the
//! 0600 `credentials.toml`. The API key is read from stdin or the terminal, never from argv.

use serde::Serialize;

use super::auth;
use super::input;
use super::output::{Failure, Out, Result};
use crate::cli::{Cli, ProfileAddArgs, ProfileCmd};
use crate::config::{self, AuthMode, ConfigFile, DEMO_PROFILE, Paths, Profile, ProfileConfig};
use crate::credentials::{self, CredentialsFile};
use crate::fsutil;

pub async fn run(cli: &Cli, cmd: &ProfileCmd, paths: &Paths, out: &Out) -> Result<()> {
    match cmd {
        ProfileCmd::Add(args) => add(paths, out, args).await,
        ProfileCmd::List => list(paths, out),
        ProfileCmd::Show { name } => show(cli, paths, out, name.as_deref()),
        ProfileCmd::Remove { name } => remove(paths, out, name),
        ProfileCmd::Default { name } => set_default(paths, out, name),
    }
}

fn load(paths: &Paths) -> Result<ConfigFile> {
    ConfigFile::load(&paths.config_file()).map_err(Failure::error)
}

fn save(paths: &Paths, config: &ConfigFile) -> Result<()> {
    let text = toml::to_string_pretty(config).map_err(|e| Failure::error(format!("config: {e}")))?;
    let path = paths.config_file();
    fsutil::write_private(&path, text.as_bytes()).map_err(|e| Failure::error(format!("{}: {e}", path.display())))
}

fn check_name(name: &str) -> Result<()> {
    if name == DEMO_PROFILE {
        return Err(Failure::usage("`demo` is the built-in demo profile; pick another name"));
    }
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        return Err(Failure::usage(format!("'{name}' is not a profile name: use letters, digits, '-', '_' or '.'")));
    }
    Ok(())
}

async fn add(paths: &Paths, out: &Out, a: &ProfileAddArgs) -> Result<()> {
    check_name(&a.name)?;
    config::parse_url(&a.workfront_url).map_err(|e| Failure::usage(format!("--workfront-url: {e}")))?;
    config::parse_url(&a.frameio_url).map_err(|e| Failure::usage(format!("--frameio-url: {e}")))?;
    config::parse_url(&a.ims_url).map_err(|e| Failure::usage(format!("--ims-url: {e}")))?;
    let auth: AuthMode = a.auth.into();
    if auth == AuthMode::Ims && a.ims_org_id.is_none() {
        return Err(Failure::usage("--auth ims needs --ims-org-id"));
    }
    if auth != AuthMode::ApiKey && a.api_key_stdin {
        return Err(Failure::usage("--api-key-stdin goes with --auth api-key"));
    }
    let mut config = load(paths)?;
    if config.profiles.contains_key(&a.name) && !a.force {
        return Err(Failure::error(format!("a profile named '{}' exists; add --force to replace it", a.name)));
    }
    // The key first: nothing is written when it cannot be had.
    let env_key = std::env::var(credentials::ENV_WORKFRONT_API_KEY).ok().filter(|k| !k.trim().is_empty());
    let key = match auth {
        AuthMode::ApiKey if a.api_key_stdin || env_key.is_none() => {
            Some(input::secret(out, a.api_key_stdin, "Workfront API key", "--api-key-stdin").await?)
        }
        _ => None,
    };
    let profile = ProfileConfig {
        workfront_url: a.workfront_url.trim_end_matches('/').to_owned(),
        api_version: a.api_version.clone(),
        auth,
        ims_org_id: a.ims_org_id.clone(),
        frameio_url: a.frameio_url.trim_end_matches('/').to_owned(),
        ims_url: a.ims_url.trim_end_matches('/').to_owned(),
        ims_client_id: a.ims_client_id.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned),
        ims_redirect_uri: crate::config::default_ims_redirect_uri(),
        ims_callback_port: None,
        frameio_access: Default::default(),
        frameio_role: "editor".into(),
    };
    let creds_path = CredentialsFile::path(&paths.config_dir);
    if let Some(key) = &key {
        use secrecy::ExposeSecret;
        CredentialsFile::update(&creds_path, |creds| {
            creds.profiles.entry(a.name.clone()).or_default().workfront_api_key = Some(key.expose_secret().to_owned());
            Ok(())
        })
        .map_err(Failure::error)?;
    }
    config.profiles.insert(a.name.clone(), profile);
    if a.default {
        config.default_profile = Some(a.name.clone());
    }
    save(paths, &config)?;
    let stored = match (&key, auth) {
        (Some(k), _) => {
            use secrecy::ExposeSecret;
            format!("API key {} in {}", credentials::mask(k.expose_secret(), out.theme.unicode), creds_path.display())
        }
        (None, AuthMode::ApiKey) => format!("API key from {} (not stored)", credentials::ENV_WORKFRONT_API_KEY),
        (None, AuthMode::Session) => "session ID from WFIO_WORKFRONT_SESSION_ID".into(),
        (None, AuthMode::Ims) => "IMS access token from WFIO_IMS_ACCESS_TOKEN".into(),
    };
    if out.json {
        out.json_value(&view(&a.name, config.profiles.get(&a.name), config.default_profile.as_deref()));
    } else {
        out.line(&a.name);
    }
    let default = if a.default { " It is the default profile." } else { "" };
    out.say(format!(
        "Added the profile '{}' ({}, {stored}).{default} Use it with --profile {} or WFIO_PROFILE={}.",
        a.name, a.workfront_url, a.name, a.name
    ));
    Ok(())
}

#[derive(Debug, Serialize)]
struct View {
    name: String,
    default: bool,
    demo: bool,
    #[serde(flatten)]
    config: Option<ProfileConfig>,
}

fn view(name: &str, config: Option<&ProfileConfig>, default: Option<&str>) -> View {
    let is_default = default.map_or(name == DEMO_PROFILE, |d| d == name);
    View { name: name.to_owned(), default: is_default, demo: name == DEMO_PROFILE, config: config.cloned() }
}

fn list(paths: &Paths, out: &Out) -> Result<()> {
    let config = load(paths)?;
    let default = config.default_profile.as_deref();
    let mut views = vec![view(DEMO_PROFILE, None, default)];
    views.extend(config.profiles.iter().map(|(n, c)| view(n, Some(c), default)));
    if out.json {
        out.json_value(&views);
        return Ok(());
    }
    let rows: Vec<Vec<String>> = views
        .iter()
        .map(|v| {
            let mark = if v.default { "*" } else { " " };
            let (url, auth) = match &v.config {
                Some(c) => (c.workfront_url.clone(), auth_name(c.auth).to_owned()),
                None => ("(the embedded simulator)".to_owned(), "built-in".to_owned()),
            };
            vec![format!("{mark} {}", v.name), url, auth]
        })
        .collect();
    for l in super::output::table(&rows) {
        out.line(l);
    }
    Ok(())
}

fn auth_name(a: AuthMode) -> &'static str {
    match a {
        AuthMode::ApiKey => "api-key",
        AuthMode::Session => "session",
        AuthMode::Ims => "ims",
    }
}

fn show(cli: &Cli, paths: &Paths, out: &Out, name: Option<&str>) -> Result<()> {
    let config = load(paths)?;
    let profile = match name {
        Some(n) => Profile::select(Some(n), &config).map_err(Failure::usage)?,
        None => super::select_profile(cli, paths)?,
    };
    let creds = auth::describe(&profile, paths, out.theme.unicode)?;
    let v = match &profile {
        Profile::Demo => view(DEMO_PROFILE, None, config.default_profile.as_deref()),
        Profile::Remote { name, config: c } => view(name, Some(c), config.default_profile.as_deref()),
    };
    if out.json {
        out.json_value(&serde_json::json!({"profile": v, "credentials": creds}));
        return Ok(());
    }
    out.line(format!("Profile: {}{}", v.name, if v.default { " (default)" } else { "" }));
    match &v.config {
        Some(c) => {
            out.line(format!("Workfront: {} (API {}, auth {})", c.workfront_url, c.api_version, auth_name(c.auth)));
            if let Some(org) = &c.ims_org_id {
                out.line(format!("IMS organisation: {org}"));
            }
            out.line(format!("Frame.io: {}", c.frameio_url));
        }
        None => out.line("Workfront and Frame.io: the embedded simulator with the demo organisation"),
    }
    for l in auth::lines(&creds) {
        out.line(l);
    }
    Ok(())
}

fn remove(paths: &Paths, out: &Out, name: &str) -> Result<()> {
    if name == DEMO_PROFILE {
        return Err(Failure::usage("the demo profile is built in; to forget its changes: wfio demo reset"));
    }
    let mut config = load(paths)?;
    if config.profiles.remove(name).is_none() {
        let known: Vec<&str> = config.profiles.keys().map(String::as_str).collect();
        return Err(Failure::error(format!("no profile named '{name}'; profiles: {}", known.join(", "))));
    }
    if config.default_profile.as_deref() == Some(name) {
        config.default_profile = None;
    }
    save(paths, &config)?;
    let creds_path = CredentialsFile::path(&paths.config_dir);
    if CredentialsFile::load(&creds_path).map_err(Failure::error)?.profiles.contains_key(name) {
        CredentialsFile::update(&creds_path, |creds| Ok(creds.profiles.remove(name).map(drop)))
            .map_err(Failure::error)?;
    }
    out.say(format!("Removed the profile '{name}' and its stored secrets."));
    Ok(())
}

fn set_default(paths: &Paths, out: &Out, name: &str) -> Result<()> {
    let mut config = load(paths)?;
    Profile::select(Some(name), &config).map_err(Failure::usage)?;
    config.default_profile = (name != DEMO_PROFILE).then(|| name.to_owned());
    save(paths, &config)?;
    out.say(format!("'{name}' is the default profile."));
    Ok(())
}
