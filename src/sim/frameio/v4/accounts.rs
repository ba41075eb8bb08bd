//! `GET /v4/me` (`users.show`) and `GET /v4/accounts` (`accounts.index`).

use super::auth::{Via, gate};
use super::envelope::query_enum;
use super::errors::{Reply, ok};
use super::paging::{list, page, sort_items};
use super::{Cx, render};
use crate::sim::frameio::store::{Obj, oldest_first, str_field};

pub fn me(cx: &mut Cx) -> Reply {
    ok(render::profile(&cx.w.fio, &cx.p.user))
}

/// The caller's accounts, oldest first unless `sort` says otherwise. A legacy token sees every
/// account of its user (the header works there, even where the account refuses it later: the
/// decision of issue 12); an S2S token only the accounts it may use.
pub fn index(cx: &mut Cx) -> Reply {
    query_enum(cx.req, "sort", &["display_name_asc", "created_at_asc", "display_name_desc", "created_at_desc"])?;
    let pg = page(cx.req, 100)?;
    let fio = &cx.w.fio;
    let mut items: Vec<&Obj> = fio
        .accounts
        .iter()
        .filter(|(id, _)| fio.account_role(id, &cx.p.user).is_some())
        .filter(|(_, a)| !matches!(cx.p.via, Via::S2s { .. }) || gate(&cx.p, a).is_ok())
        .map(|(_, a)| a)
        .collect();
    oldest_first(&mut items);
    sort_items(&mut items, pg.sort.as_deref(), |a, f| {
        str_field(a, if f == "created_at" { "inserted_at" } else { f }).unwrap_or_default().to_owned()
    });
    let data = items.into_iter().map(|a| render::account(fio, a, &cx.p.user)).collect();
    list(cx.req, &pg, data)
}
