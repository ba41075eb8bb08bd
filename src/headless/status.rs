//! `wfio status`: every project in a connected group with its Frame.io state, for people and for
//! monitoring (exit 1 when any activation failed).

use super::Env;
use super::output::{Exit, Failure, Result, count};
use super::project::{print_rows, views};
use crate::integration::IconState;

pub async fn run(env: &Env) -> Result<()> {
    let views = views(&env.ctx, true).await?;
    if env.out.json {
        env.out.json_value(&views);
    } else {
        print_rows(env, &views, true);
    }
    let n = |s: IconState| views.iter().filter(|p| p.state == s).count();
    let failed = n(IconState::Failed);
    if !env.out.json {
        env.out.say(format!(
            "{} in connected groups: {} connected, {} pending, {} syncing, {} failed.",
            count(views.len(), "project", "projects"),
            n(IconState::Connected),
            n(IconState::Pending),
            n(IconState::Syncing),
            failed
        ));
    }
    if failed > 0 {
        return Err(Failure::new(
            Exit::Error,
            format!(
                "{} failed; see the reason above, then: wfio activate PROJECT",
                count(failed, "activation", "activations")
            ),
        ));
    }
    Ok(())
}
