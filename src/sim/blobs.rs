//! Every byte the simulator holds (Workfront documents and upload handles, Frame.io uploaded
//! parts) lives here, under a key, so the stores stay small, serialisable data and persistence
//! can write the bytes as plain files. `Bytes` is reference-counted: reading a blob never copies it.
//!
//! Key conventions: `wf/docv/<DOCV ID>`, `wf/upload/<handle>`, `fio/part/<asset id>/<n>`.

use std::collections::BTreeMap;

use bytes::Bytes;

#[derive(Debug, Default, Clone)]
pub struct Blobs {
    items: BTreeMap<String, Bytes>,
}

impl Blobs {
    pub fn put(&mut self, key: impl Into<String>, data: Bytes) {
        self.items.insert(key.into(), data);
    }

    pub fn get(&self, key: &str) -> Option<Bytes> {
        self.items.get(key).cloned()
    }

    pub fn remove(&mut self, key: &str) -> Option<Bytes> {
        self.items.remove(key)
    }

    pub fn contains(&self, key: &str) -> bool {
        self.items.contains_key(key)
    }

    /// Blobs whose key starts with `prefix`, in key order.
    pub fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a Bytes)> + 'a {
        self.items
            .range(prefix.to_owned()..)
            .take_while(move |(k, _)| k.starts_with(prefix))
            .map(|(k, v)| (k.as_str(), v))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Bytes)> {
        self.items.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn total_bytes(&self) -> usize {
        self.items.values().map(Bytes::len).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_scan() {
        let mut b = Blobs::default();
        b.put("fio/part/a/1", Bytes::from_static(b"x"));
        b.put("fio/part/a/0", Bytes::from_static(b"y"));
        b.put("fio/part/b/0", Bytes::from_static(b"z"));
        let keys: Vec<&str> = b.with_prefix("fio/part/a/").map(|(k, _)| k).collect();
        assert_eq!(keys, vec!["fio/part/a/0", "fio/part/a/1"]);
        assert_eq!(b.total_bytes(), 3);
    }
}
