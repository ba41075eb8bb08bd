//! One file per wizard screen: how it draws.

pub mod groups;
