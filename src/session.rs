//! Opening a profile: the integration context the worker and the headless commands use, and
//! what the header shows. The demo profile starts the embedded simulator first.

use secrecy::SecretString;
use url::Url;

use crate::app::state::SessionInfo;
use crate::config::{self, AuthMode, DEMO_API_KEY, Paths, Profile};
use crate::credentials::{self, CredentialsFile};
use crate::integration::Context;
use crate::integration::vault::Vault;
use crate::sim::{SimOptions, Simulator, ids};
use crate::workfront::{WorkfrontAuth, WorkfrontClient};

/// The demo's Adobe Developer Console credential for "Sign in with Adobe" (a public, PKCE
/// client of the simulator's IMS). README lists it with the other demo credentials.
pub const DEMO_IMS_CLIENT_ID: &str = "wfio-demo-public";
/// The demo's server-to-server credential: its technical account administers Northwind Studios,
/// the account the demo's Marketing group is already connected to (an Admin-Console account,
/// where developer tokens do not work), so that group's projects can be activated at once.
pub const DEMO_S2S_CLIENT_ID: &str = "wfio-demo-s2s";
pub const DEMO_S2S_SECRET: &str = "p8e-wfioDemoS2S-4Bv3Qn8Tr1Lm6Xc4Zp9Hd2Kw7Sf0Gy5JaR";
pub const DEMO_CONNECTED_ACCOUNT: &str = "@fa-studios";

/// The demo's Frame.io sign-in for its connected account.
pub fn demo_credential(ims_base: &Url) -> crate::frameio::FrameioCredential {
    let config = crate::ims::ImsConfig::server_to_server(
        ims_base.clone(),
        DEMO_S2S_CLIENT_ID,
        SecretString::from(DEMO_S2S_SECRET),
    );
    crate::frameio::FrameioCredential::server_to_server(&config, None).expect("a secret is given")
}

/// The demo's IMS: the simulator's, with the demo's public client.
pub fn demo_ims(base: &Url) -> crate::integration::ImsSettings {
    crate::integration::ImsSettings {
        base: base.clone(),
        client_id: Some(DEMO_IMS_CLIENT_ID.to_owned()),
        ..Default::default()
    }
}

/// The wizard's name for a kind of Frame.io credential.
fn method_of(kind: crate::frameio::auth::CredentialKind) -> crate::app::state::SignInMethod {
    use crate::app::state::SignInMethod;
    use crate::frameio::auth::CredentialKind;
    match kind {
        CredentialKind::DeveloperToken => SignInMethod::DeveloperToken,
        CredentialKind::User => SignInMethod::Adobe,
        CredentialKind::ServerToServer => SignInMethod::ServerToServer,
    }
}

/// Everything a run needs; dropping it stops the embedded simulator.
pub struct Opened {
    pub session: SessionInfo,
    pub context: Context,
    pub simulator: Option<Simulator>,
}

pub async fn open(profile: &Profile, paths: &Paths) -> Result<Opened, String> {
    open_with(profile, paths, SimOptions::default()).await
}

/// As `open`, with the simulator options for the demo (tests and benchmarks adjust them).
pub async fn open_with(profile: &Profile, paths: &Paths, sim_options: SimOptions) -> Result<Opened, String> {
    let secrets = CredentialsFile::load(&CredentialsFile::path(&paths.config_dir))?;
    match profile {
        Profile::Demo => {
            let sim =
                Simulator::start(sim_options).await.map_err(|e| format!("could not start the demo simulator: {e}"))?;
            let base = Url::parse(&sim.base_url()).map_err(|e| e.to_string())?;
            // An explicit key still wins, which is how a wrong key can be tried in the demo.
            let key = credentials::workfront_api_key(&secrets, config::DEMO_PROFILE)
                .map_or_else(|| SecretString::from(DEMO_API_KEY), |(k, _)| k);
            let workfront =
                WorkfrontClient::new(&base, "v21.0", WorkfrontAuth::ApiKey(key)).map_err(|e| e.to_string())?;
            // The demo's tokens stay in memory: its simulator forgets everything on exit too.
            // The simulator's IMS answers on its base URL.
            let vault = Vault::in_memory(config::DEMO_PROFILE).with_ims_base(base.clone()).pinned_to_ims();
            vault.put(&ids::frameio_id_for(DEMO_CONNECTED_ACCOUNT), &demo_credential(&base))?;
            let session = SessionInfo {
                profile: profile.name().to_owned(),
                instance: workfront.host(),
                demo: true,
                last_sign_in: None,
            };
            let mut context =
                Context::new(config::DEMO_PROFILE, workfront, vault, base.clone(), paths.data_dir.clone());
            context.ims = demo_ims(&base);
            Ok(Opened { session, context, simulator: Some(sim) })
        }
        Profile::Remote { name, config } => {
            let base = config::parse_url(&config.workfront_url)?;
            let auth = match config.auth {
                AuthMode::ApiKey => {
                    let (key, _) = credentials::workfront_api_key(&secrets, name).ok_or_else(|| {
                        format!(
                            "profile '{name}' has no Workfront API key: set {} or add workfront_api_key under [profiles.{name}] in {}",
                            credentials::ENV_WORKFRONT_API_KEY,
                            CredentialsFile::path(&paths.config_dir).display()
                        )
                    })?;
                    WorkfrontAuth::ApiKey(key)
                }
                AuthMode::Session => {
                    let id = std::env::var("WFIO_WORKFRONT_SESSION_ID")
                        .map_err(|_| format!("profile '{name}' uses session auth: set WFIO_WORKFRONT_SESSION_ID"))?;
                    WorkfrontAuth::Session(SecretString::from(id))
                }
                AuthMode::Ims => {
                    let token = std::env::var("WFIO_IMS_ACCESS_TOKEN")
                        .map_err(|_| format!("profile '{name}' uses IMS auth: set WFIO_IMS_ACCESS_TOKEN"))?;
                    let org_id = config
                        .ims_org_id
                        .clone()
                        .ok_or_else(|| format!("profile '{name}' uses IMS auth but has no ims_org_id"))?;
                    WorkfrontAuth::Ims { token: SecretString::from(token), org_id }
                }
            };
            let workfront = WorkfrontClient::new(&base, &config.api_version, auth).map_err(|e| e.to_string())?;
            let frameio_url = config::parse_url(&config.frameio_url)?;
            let ims = config::parse_url(&config.ims_url)?;
            let vault = Vault::file_backed(name, CredentialsFile::path(&paths.config_dir)).with_ims_base(ims.clone());
            let last_sign_in = vault.current_sign_in().ok().flatten().map(|(c, _)| method_of(c.kind()));
            let session = SessionInfo { profile: name.clone(), instance: workfront.host(), demo: false, last_sign_in };
            let mut context = Context::new(name, workfront, vault, frameio_url, paths.data_dir.clone());
            context.ims = crate::integration::ImsSettings {
                base: ims,
                client_id: config.ims_client_id.clone(),
                client_secret: credentials::ims_client_secret(&secrets, name),
                redirect_uri: Some(config.ims_redirect_uri.clone()),
                callback_port: config.ims_callback_port,
            };
            let role = crate::frameio::model::ProjectRole::parse(&config.frameio_role).ok_or_else(|| {
                format!(
                    "profile '{name}': frameio_role \"{}\" is not a Frame.io role (full_access, editor, edit_only, \
                     commenter, viewer)",
                    config.frameio_role
                )
            })?;
            context.access =
                crate::integration::AccessSettings { mode: config.frameio_access, role: role.as_str().to_owned() };
            Ok(Opened { session, context, simulator: None })
        }
    }
}
