//! Pieces several screens share.

pub mod help;
pub mod list;
pub mod panel;
