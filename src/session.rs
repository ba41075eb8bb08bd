//! Opening a profile: the clients the worker uses and what the header shows. The demo profile
//! starts the embedded simulator first.

use secrecy::SecretString;
use url::Url;

use crate::app::state::SessionInfo;
use crate::config::{self, AuthMode, DEMO_API_KEY, Paths, Profile};
use crate::credentials::{self, CredentialsFile};
use crate::sim::{SimOptions, Simulator};
use crate::worker::Backends;
use crate::workfront::{WorkfrontAuth, WorkfrontClient};

/// Everything a run needs; dropping it stops the embedded simulator.
pub struct Opened {
    pub session: SessionInfo,
    pub backends: Backends,
    pub simulator: Option<Simulator>,
}

pub async fn open(profile: &Profile, paths: &Paths) -> Result<Opened, String> {
    let secrets = CredentialsFile::load(&CredentialsFile::path(&paths.config_dir))?;
    match profile {
        Profile::Demo => {
            let sim = Simulator::start(SimOptions::default())
                .await
                .map_err(|e| format!("could not start the demo simulator: {e}"))?;
            let base = Url::parse(&sim.base_url()).map_err(|e| e.to_string())?;
            // An explicit key still wins, which is how a wrong key can be tried in the demo.
            let key = credentials::workfront_api_key(&secrets, config::DEMO_PROFILE)
                .map_or_else(|| SecretString::from(DEMO_API_KEY), |(k, _)| k);
            let workfront =
                WorkfrontClient::new(&base, "v21.0", WorkfrontAuth::ApiKey(key)).map_err(|e| e.to_string())?;
            let session = SessionInfo { profile: profile.name().to_owned(), instance: workfront.host(), demo: true };
            Ok(Opened { session, backends: Backends { workfront }, simulator: Some(sim) })
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
            let session = SessionInfo { profile: name.clone(), instance: workfront.host(), demo: false };
            Ok(Opened { session, backends: Backends { workfront }, simulator: None })
        }
    }
}
