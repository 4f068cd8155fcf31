//! Streaming an `.osm.pbf` blob by blob: batches of blobs decoded in parallel (rayon),
//! their results merged in file order, so the outcome never depends on thread timing.
//!
//! A reading takes up to three passes over the file; passes after the first decode only
//! the blobs the first pass saw holding the element type they need. Progress is reported
//! in bytes of file read, out of three times the file's size (a skipped pass jumps ahead).

use std::fs::File;
use std::io::{BufReader, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use osmpbf::{BlobDecode, BlobReader, PrimitiveBlock};
use rayon::prelude::*;

use super::OsmError;

/// The passes a reading makes, for the progress total.
pub(super) const PASSES: u64 = 3;

/// Which element types a blob holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct BlobKinds {
    pub nodes: bool,
    pub ways: bool,
    pub relations: bool,
}

/// Reads one file pass after pass, reporting progress.
pub(super) struct Scanner<'p> {
    path: PathBuf,
    file_len: u64,
    progress: &'p mut dyn FnMut(u64, u64),
    /// Passes finished (or skipped) so far.
    passes_done: u64,
}

/// Why a block could not be used.
enum Failure {
    Decode(osmpbf::Error),
    Panic,
}

/// A `Read` that counts the bytes it hands out, for progress.
struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl<'p> Scanner<'p> {
    /// Checks that the file opens.
    pub fn open(path: &Path, progress: &'p mut dyn FnMut(u64, u64)) -> Result<Self, OsmError> {
        let file = File::open(path).map_err(|e| OsmError::Open {
            path: path.to_path_buf(),
            source: e.into(),
        })?;
        let file_len = file.metadata().map(|m| m.len()).unwrap_or(0);
        progress(0, PASSES * file_len);
        Ok(Scanner {
            path: path.to_path_buf(),
            file_len,
            progress,
            passes_done: 0,
        })
    }

    /// The file's size in bytes.
    pub fn file_len(&self) -> u64 {
        self.file_len
    }

    /// Runs one pass: decodes the data blobs `select` accepts (by index among all blobs,
    /// the header blob included), maps each block with `map` in parallel and hands the
    /// results to `merge` in file order. Returns the number of blobs in the file.
    ///
    /// # Errors
    ///
    /// [`OsmError::Open`] when the file cannot be reopened, [`OsmError::Decode`] when a blob
    /// is not valid PBF.
    pub fn pass<T, M, G>(
        &mut self,
        select: impl Fn(usize) -> bool,
        map: M,
        mut merge: G,
    ) -> Result<usize, OsmError>
    where
        T: Send,
        M: Fn(&PrimitiveBlock) -> T + Sync,
        G: FnMut(usize, T),
    {
        let file = File::open(&self.path).map_err(|e| OsmError::Open {
            path: self.path.clone(),
            source: e.into(),
        })?;
        let read = Arc::new(AtomicU64::new(0));
        let reader = BlobReader::new(Counting {
            inner: BufReader::with_capacity(1 << 20, file),
            read: Arc::clone(&read),
        });
        let base = self.passes_done * self.file_len;
        let total = PASSES * self.file_len;
        let batch_len = 4 * rayon::current_num_threads().max(1);
        let decode_err = |source| OsmError::Decode {
            path: self.path.clone(),
            source,
        };
        let mut batch = Vec::with_capacity(batch_len);
        let mut seen = 0;
        let mut blobs = reader.enumerate().peekable();
        while blobs.peek().is_some() {
            batch.clear();
            for (index, blob) in blobs.by_ref() {
                let blob = blob.map_err(decode_err)?;
                seen = index + 1;
                if select(index) {
                    batch.push((index, blob));
                    if batch.len() == batch_len {
                        break;
                    }
                }
            }
            let results: Vec<(usize, Result<Option<T>, Failure>)> = batch
                .par_iter()
                .map(|(index, blob)| {
                    // The PBF reader panics on some corrupt blocks (an unknown relation
                    // member type); such a file is an error, not a crash.
                    let out = catch_unwind(AssertUnwindSafe(|| match blob.decode() {
                        Ok(BlobDecode::OsmData(block)) => Ok(Some(map(&block))),
                        Ok(BlobDecode::OsmHeader(_) | BlobDecode::Unknown(_)) => Ok(None),
                        Err(e) => Err(Failure::Decode(e)),
                    }))
                    .unwrap_or(Err(Failure::Panic));
                    (*index, out)
                })
                .collect();
            for (index, out) in results {
                match out {
                    Ok(Some(t)) => merge(index, t),
                    Ok(None) => {}
                    Err(Failure::Decode(e)) => return Err(decode_err(e)),
                    Err(Failure::Panic) => {
                        return Err(OsmError::Corrupt {
                            path: self.path.clone(),
                            block: index,
                        });
                    }
                }
            }
            let done = read.load(Ordering::Relaxed).min(self.file_len);
            (self.progress)(base + done, total);
        }
        self.skip();
        Ok(seen)
    }

    /// Marks a pass done (or not needed).
    pub fn skip(&mut self) {
        self.passes_done = (self.passes_done + 1).min(PASSES);
        let total = PASSES * self.file_len;
        (self.progress)(self.passes_done * self.file_len, total);
    }
}

/// The bounding box the file's header declares, as `(west, south, east, north)` in
/// degrees, or `None` when it declares none. Reads only the header blob (the first).
///
/// # Errors
///
/// [`OsmError::Open`] when the file cannot be opened, [`OsmError::Decode`] when its first
/// blob is not valid PBF.
pub(super) fn declared_bbox(path: &Path) -> Result<Option<[f64; 4]>, OsmError> {
    let file = File::open(path).map_err(|e| OsmError::Open {
        path: path.to_path_buf(),
        source: e.into(),
    })?;
    let decode_err = |source| OsmError::Decode {
        path: path.to_path_buf(),
        source,
    };
    let Some(blob) = BlobReader::new(BufReader::new(file)).next() else {
        return Ok(None);
    };
    match blob.map_err(decode_err)?.decode() {
        Ok(BlobDecode::OsmHeader(h)) => Ok(h.bbox().map(|b| [b.left, b.bottom, b.right, b.top])),
        Ok(BlobDecode::OsmData(_) | BlobDecode::Unknown(_)) => Ok(None),
        Err(e) => Err(decode_err(e)),
    }
}

/// The element types in a block.
pub(super) fn kinds(block: &PrimitiveBlock) -> BlobKinds {
    let mut k = BlobKinds::default();
    for group in block.groups() {
        k.nodes |= group.nodes().len() > 0 || group.dense_nodes().next().is_some();
        k.ways |= group.ways().len() > 0;
        k.relations |= group.relations().len() > 0;
    }
    k
}
