//! Opening a profile: the integration context the worker and the headless commands use, and
//! what the header shows. The demo profile starts the embedded simulator first.

use secrecy::SecretString;
use url::Url;

use crate::app::state::SessionInfo;
use crate::config::{self, AuthMode, DEMO_API_KEY, Paths, Profile};
use crate::credentials::{self, CredentialsFile};
use crate::frameio::FrameioCredential;
use crate::integration::Context;
use crate::integration::vault::Vault;
use crate::sim::{SimOptions, Simulator, ids};
use crate::workfront::{WorkfrontAuth, WorkfrontClient};

/// The demo's Frame.io token whose user administers the account the demo's Marketing group is
/// already connected to, so that group's projects can be activated without connecting again.
/// (The README lists it with the other demo tokens.)
pub const DEMO_FRAMEIO_TOKEN: &str = "fio-u-demo-2accounts-Xq7Lm2Vb9Rt4Nc8Kp3Hs6Wd1Zf5Gj0Ya";
pub const DEMO_CONNECTED_ACCOUNT: &str = "@fa-studios";
/// The demo's "Sign in with Adobe" client: public (PKCE), on the simulator's IMS, whose base URL
/// is the simulator's (`Vault::with_ims_base`); its redirect URI is the default
/// (`ims::DEFAULT_REDIRECT_URI`), and `http://127.0.0.1:<port>/callback` is allowed too.
pub const DEMO_IMS_CLIENT_ID: &str = "wfio-demo-public";

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
            let vault = Vault::in_memory(config::DEMO_PROFILE).with_ims_base(base.clone());
            vault.put(
                &ids::frameio_id_for(DEMO_CONNECTED_ACCOUNT),
                &FrameioCredential::developer_token(SecretString::from(DEMO_FRAMEIO_TOKEN)),
            )?;
            let session = SessionInfo { profile: profile.name().to_owned(), instance: workfront.host(), demo: true };
            let context = Context::new(config::DEMO_PROFILE, workfront, vault, base, paths.data_dir.clone());
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
            let vault = Vault::file_backed(name, CredentialsFile::path(&paths.config_dir)).with_ims_base(ims);
            let session = SessionInfo { profile: name.clone(), instance: workfront.host(), demo: false };
            let context = Context::new(name, workfront, vault, frameio_url, paths.data_dir.clone());
            Ok(Opened { session, context, simulator: None })
        }
    }
}
