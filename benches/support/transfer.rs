//! Benchmark 2, document transfer: one large document from Workfront to Frame.io through wfio's
//! engine (`wfio activate` of a project whose only content is that document: download streamed
//! to a spool file while its parts are uploaded), against the same transfer done with curl by a
//! shell script: download the document, create the file asset, PUT its parts from the file.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::Value;
use wfio::sim::ids::workfront_id_for;

use super::activation::{run_wfio_project, verify};
use super::machine::Conditions;
use super::org::{self, Doc, OrgSpec, TRANSFER_PROJECT, TRANSFER_SYM};
use super::proc::run_measured;
use super::report::{Section, Table, bytes, mib, rate, ratio, secs};
use super::sim::{API_KEY, SimProcess, account_id, workspace_id};

#[derive(Debug, Clone, Copy)]
pub struct Config {
    pub size: u64,
    pub latency_ms: u64,
    /// Part uploads at once in the curl script (wfio's default is 4).
    pub parallel: usize,
    /// Also run the script with one upload at a time.
    pub sequential_too: bool,
    /// Rounds of every run, alternating; each figure is the median round's.
    pub rounds: usize,
}

impl Config {
    pub const FULL: Self = Self { size: 1_000_000_000, latency_ms: 20, parallel: 4, sequential_too: true, rounds: 3 };
    pub const TINY: Self = Self { size: 2_500_000, latency_ms: 0, parallel: 4, sequential_too: false, rounds: 1 };
}

/// The script a competent shell user would write against V4: curl for every request, jq for
/// JSON, dd to cut the parts out of the downloaded file (no copies), xargs for parallel part
/// uploads. What a V4 client does: a server-to-server token from IMS, the project, a
/// `local_upload` (the server chooses the part sizes), each part PUT to its presigned URL with
/// `x-amz-acl: private` and the file's media type, then the file's upload status.
pub const CURL_SCRIPT: &str = r#"
set -euo pipefail
token=$(curl -sS -f -X POST --data-urlencode grant_type=client_credentials --data-urlencode "client_id=$CLIENT_ID" \
  --data-urlencode "client_secret=$CLIENT_SECRET" --data-urlencode "scope=$SCOPE" "$IMS/ims/token/v3" | jq -r .access_token)
echo signed-in
curl -sS -f -o "$SPOOL" -H "apikey: $APIKEY" "$DL_URL"
echo downloaded
root=$(curl -sS -f -X POST -H "Authorization: Bearer $token" -H 'content-type: application/json' \
  -d "{\"data\":{\"name\":\"$PROJECT\"}}" "$FIO/accounts/$ACCOUNT/workspaces/$WORKSPACE/projects" | jq -r .data.root_folder_id)
file=$(curl -sS -f -X POST -H "Authorization: Bearer $token" -H 'content-type: application/json' \
  -d "{\"data\":{\"name\":\"$NAME\",\"file_size\":$SIZE}}" "$FIO/accounts/$ACCOUNT/folders/$root/files/local_upload")
file_id=$(jq -r .data.id <<<"$file")
export MEDIA_TYPE=$(jq -r .data.media_type <<<"$file")
echo created
# One line a part: its offset, its size (the server's), its URL.
jq -r '.data.upload_urls | foreach .[] as $p (0; . + $p.size; [. - $p.size, $p.size, $p.url]) | @tsv' <<<"$file" |
  xargs -P "$PARALLEL" -L 1 bash -c '
  set -euo pipefail
  dd if="$SPOOL" bs=4M iflag=skip_bytes,count_bytes skip="$0" count="$1" status=none |
    curl -sS -f -o /dev/null -X PUT -T - -H "content-type: $MEDIA_TYPE" -H "x-amz-acl: private" \
      -H "Content-Length: $1" -H "Transfer-Encoding:" -H "Expect:" "$2"'
echo uploaded
complete=$(curl -sS -f -H "Authorization: Bearer $token" "$FIO/accounts/$ACCOUNT/files/$file_id/status" | jq -r .data.upload_complete)
test "$complete" = true
echo checked
rm -f "$SPOOL"
"#;

#[derive(Debug, Clone)]
pub struct Transfer {
    pub label: String,
    /// wfio: its upload item, from `running` (file create) to `done` (status checked); curl: from
    /// its sign-in to its status check.
    pub transfer: Duration,
    /// The whole process (wfio: exec to exit, everything in the activation included).
    pub wall: Duration,
    pub rss_kb: u64,
    pub cpu: Duration,
    pub detail: String,
}

#[derive(Debug, Clone)]
pub struct Results {
    pub config: Config,
    pub wfio: Transfer,
    pub curl: Vec<Transfer>,
    pub conditions: Conditions,
}

impl Results {
    /// wfio's throughput over the parallel curl script's.
    pub fn throughput_ratio(&self) -> f64 {
        self.curl.first().map_or(0.0, |c| c.transfer.as_secs_f64() / self.wfio.transfer.as_secs_f64())
    }

    pub fn section(&self) -> Section {
        let size = self.config.size;
        let mut table = Table::new(&["transfer", "time", "throughput", "wfio / this", "peak RSS", "CPU", "detail"]);
        for t in std::iter::once(&self.wfio).chain(&self.curl) {
            table.row(vec![
                t.label.clone(),
                secs(t.transfer),
                rate(size, t.transfer),
                ratio(t.transfer.as_secs_f64() / self.wfio.transfer.as_secs_f64()),
                mib(t.rss_kb),
                secs(t.cpu),
                t.detail.clone(),
            ]);
        }
        Section {
            title: "2. Document transfer".into(),
            method: format!(
                "One document Workfront → Frame.io. **wfio**: `wfio --json activate '{TRANSFER_PROJECT}' --yes` on a project \
                 whose only content is the document and one task; the transfer time is its upload item, from `running` to \
                 `done` in the JSON events (the V4 `local_upload`, then the download streamed to a spool file while \
                 finished parts are uploaded, {} at a time, then the file's upload status); peak RSS (GNU time) and CPU \
                 (`wait4`) are the whole process's. **curl**: the script in `benches/support/transfer.rs` \
                 (`CURL_SCRIPT`), doing what a V4 client does: a server-to-server token from IMS, `curl -o` the \
                 document, create the project and `local_upload` the file with curl (+ jq), then `dd | curl -T -` \
                 each part of the size the server chose to its presigned URL with `x-amz-acl: private`, the file's \
                 media type and the exact Content-Length, `xargs -P N` for parallel parts, then the upload status; \
                 time from its sign-in to the status check, peak RSS of its largest process (`ru_maxrss` of the \
                 waited-for tree), CPU of all its processes. Same \
                 simulator, same {} ms latency, world reset and disks synced before each run; {} rounds, alternating, \
                 each figure the median round's.",
                wfio::integration::Tuning::default().parallel_parts,
                self.config.latency_ms,
                self.config.rounds
            ),
            sizes: format!(
                "one document of {} ({} part(s) of about {} each, as the server chose)",
                bytes(size),
                size.div_ceil(20_000_000),
                bytes(size.div_ceil(size.div_ceil(20_000_000)))
            ),
            conditions: self.conditions.clone(),
            tables: vec![table],
            notes: vec![format!(
                "Peak RSS of the curl script is that of its largest single process (`ru_maxrss` does not add up \
                 processes); with {} parts at a time it runs {} `curl` and {} `dd` (4 MB blocks) at once. wfio's is \
                 one process doing everything, the activation's Workfront and Frame.io requests included.",
                self.config.parallel, self.config.parallel, self.config.parallel
            )],
        }
    }
}

pub async fn run(bin: &str, config: Config, dir: &Path) -> Results {
    let seed_path = dir.join("transfer-seed.json");
    std::fs::write(&seed_path, org::seed(&OrgSpec::TINY)).expect("seed");
    let latency = config.latency_ms.to_string();
    let sim = SimProcess::start(
        bin,
        &["--seed", seed_path.to_str().expect("utf-8 path"), "--latency-ms", &latency, "--rate-limits", "published"],
        dir,
    );
    let doc = Doc { index: 99, name: "master.mov".into(), size: config.size, task: None };
    let conditions = Conditions::now();

    let mut parallels = vec![config.parallel];
    if config.sequential_too {
        parallels.push(1);
    }
    // One run of each alone is noise on a shared machine: the first one after 1 GB was written
    // met the kernel's writeback of it (3.6 s one run, 1.5 s the next). So every run starts with
    // the disks synced, the runs alternate, and each figure is the median of its rounds.
    let mut wfio_runs = Vec::new();
    let mut curl_runs: Vec<Vec<Transfer>> = parallels.iter().map(|_| Vec::new()).collect();
    for _ in 0..config.rounds.max(1) {
        sim.reset().await;
        org::upload_documents(&sim.http, &sim.workfront_api(), TRANSFER_SYM, std::slice::from_ref(&doc), 1).await;
        sync_disks();
        wfio_runs.push(run_wfio(bin, &sim, dir).await);
        for (runs, parallel) in curl_runs.iter_mut().zip(&parallels) {
            sim.reset().await;
            org::upload_documents(&sim.http, &sim.workfront_api(), TRANSFER_SYM, std::slice::from_ref(&doc), 1).await;
            sync_disks();
            runs.push(run_curl(&sim, &doc, *parallel, dir).await);
        }
    }
    let rounds = wfio_runs.len();
    let wfio = median(wfio_runs, rounds);
    let curl = curl_runs.into_iter().map(|runs| median(runs, rounds)).collect();
    Results { config, wfio, curl, conditions }
}

/// One `wfio activate` of the transfer project, timed by its upload item.
async fn run_wfio(bin: &str, sim: &SimProcess, dir: &Path) -> Transfer {
    let (run, plan) = run_wfio_project(bin, sim, &dir.join("transfer-wfio"), "wfio", TRANSFER_PROJECT).await;
    verify(sim, &plan, TRANSFER_PROJECT).await;
    let upload = run.phases.iter().find(|p| p.kind == "upload").expect("an upload item");
    let transfer = upload.last_end.unwrap_or_default().saturating_sub(upload.first_start.unwrap_or_default());
    Transfer {
        label: "wfio (engine)".into(),
        transfer,
        wall: run.wall,
        rss_kb: run.rss_kb.unwrap_or(0),
        cpu: run.cpu.unwrap_or_default(),
        detail: format!("whole `wfio activate`: {}", secs(run.wall)),
    }
}

/// The run with the median transfer time, its detail saying of how many and their range.
fn median(mut runs: Vec<Transfer>, rounds: usize) -> Transfer {
    runs.sort_by_key(|t| t.transfer);
    let (low, high) = (runs[0].transfer, runs[runs.len() - 1].transfer);
    let mut mid = runs.swap_remove(runs.len() / 2);
    if rounds > 1 {
        mid.detail = format!("median of {rounds} ({}-{}); {}", secs(low), secs(high), mid.detail);
    }
    mid
}

/// Write dirty pages out now, so no run pays for the writeback of what came before it.
fn sync_disks() {
    let _ = std::process::Command::new("sync").status();
}

async fn run_curl(sim: &SimProcess, doc: &Doc, parallel: usize, dir: &Path) -> Transfer {
    let listed: Value = sim
        .http
        .get(format!("{}/docu/search", sim.workfront_api()))
        .header("apikey", API_KEY)
        .query(&[("projectID", workfront_id_for(TRANSFER_SYM).as_str()), ("fields", "ID,downloadURL")])
        .send()
        .await
        .expect("docu search")
        .json()
        .await
        .expect("docu JSON");
    let url = listed["data"][0]["downloadURL"].as_str().expect("download URL");
    let project = format!("{TRANSFER_PROJECT} (curl, {parallel} at a time)");
    let mut cmd = Command::new("bash");
    cmd.args(["-c", CURL_SCRIPT])
        .env("SPOOL", dir.join(format!("curl-spool-{parallel}.bin")))
        .env("APIKEY", API_KEY)
        .env("DL_URL", format!("{}{url}", sim.base))
        .env("IMS", &sim.base)
        .env("CLIENT_ID", wfio::session::DEMO_S2S_CLIENT_ID)
        .env("CLIENT_SECRET", wfio::session::DEMO_S2S_SECRET)
        .env("SCOPE", wfio::ims::S2S_SCOPES)
        .env("FIO", sim.frameio_api())
        .env("ACCOUNT", account_id())
        .env("WORKSPACE", workspace_id())
        .env("PROJECT", &project)
        .env("NAME", &doc.name)
        .env("FILETYPE", "video/quicktime")
        .env("SIZE", doc.size.to_string())
        .env("PARALLEL", parallel.to_string());
    let m = tokio::task::spawn_blocking(move || run_measured(cmd)).await.expect("join").expect("run the curl script");
    assert!(m.ok(), "curl script failed ({}): {}", m.code, m.stderr);
    let at = |what: &str| m.lines.iter().find(|(_, l)| l == what).map(|(t, _)| *t).unwrap_or(m.wall);
    let signed_in = at("signed-in");
    let [downloaded, created, uploaded, checked] =
        ["downloaded", "created", "uploaded", "checked"].map(|w| at(w).saturating_sub(signed_in));
    // The file is complete in the simulated storage.
    let state = sim.state().await;
    let complete = state["fio"]["assets"].as_object().expect("assets").values().any(|a| {
        a["name"] == doc.name.as_str() && a["filesize"] == doc.size && a["upload_completed_at"].as_str().is_some()
    });
    assert!(complete, "the curl upload is complete");
    Transfer {
        label: format!("curl script, {parallel} part{} at a time", if parallel == 1 { "" } else { "s" }),
        transfer: checked,
        wall: m.wall,
        rss_kb: m.max_rss_kb,
        cpu: m.cpu(),
        detail: format!(
            "download {}, create {}, parts {}, status {}",
            secs(downloaded),
            secs(created.saturating_sub(downloaded)),
            secs(uploaded.saturating_sub(created)),
            secs(checked.saturating_sub(uploaded))
        ),
    }
}
