//! Pieces several screens share.

pub mod gauge;
pub mod help;
pub mod list;
pub mod panel;
