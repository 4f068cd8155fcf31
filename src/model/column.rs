//! A column of plain values: owned, or read in place from a file mapped into memory.
//!
//! Ten million members' positions are 160 MB. Copied out of a file they cost fresh pages,
//! which on a virtual machine the kernel may take longer to clear than the analysis takes
//! to run; mapped, they are the page cache's own pages, which need no clearing and no
//! copy. A [`Column`] hides which it is: both deref to a slice.

use bytemuck::Pod;
use memmap2::Mmap;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// Values of one kind, one per member, owned or mapped.
pub struct Column<T: Pod> {
    values: Values<T>,
}

enum Values<T> {
    Owned(Vec<T>),
    /// `len` values starting `offset` bytes into `file`, checked to be aligned for `T`
    /// and within the file when the column was made.
    Mapped {
        file: Arc<Mmap>,
        offset: usize,
        len: usize,
    },
}

impl<T: Pod> Column<T> {
    /// `len` values of `T` at `offset` bytes into `file`; `None` unless they lie within
    /// the file and `offset` is aligned for `T` (the mapping starts on a page). The
    /// values are the machine's own: the file's format says whether they can be.
    pub fn mapped(file: &Arc<Mmap>, offset: usize, len: usize) -> Option<Self> {
        let end = len.checked_mul(size_of::<T>())?.checked_add(offset)?;
        bytemuck::try_cast_slice::<u8, T>(file.get(offset..end)?).ok()?;
        Some(Self {
            values: Values::Mapped {
                file: Arc::clone(file),
                offset,
                len,
            },
        })
    }

    /// The values, owned from here on (a mapped column is copied out once).
    pub fn to_mut(&mut self) -> &mut Vec<T> {
        if let Values::Mapped { .. } = self.values {
            self.values = Values::Owned(self.to_vec());
        }
        match &mut self.values {
            Values::Owned(values) => values,
            Values::Mapped { .. } => unreachable!("made owned just above"),
        }
    }

    /// Whether the values are read in place from a mapped file.
    pub fn is_mapped(&self) -> bool {
        matches!(self.values, Values::Mapped { .. })
    }
}

impl<T: Pod> Deref for Column<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match &self.values {
            Values::Owned(values) => values,
            Values::Mapped { file, offset, len } => {
                bytemuck::cast_slice(&file[*offset..*offset + *len * size_of::<T>()])
            }
        }
    }
}

impl<T: Pod> From<Vec<T>> for Column<T> {
    fn from(values: Vec<T>) -> Self {
        Self {
            values: Values::Owned(values),
        }
    }
}

impl<T: Pod> Default for Column<T> {
    fn default() -> Self {
        Vec::new().into()
    }
}

impl<T: Pod> Clone for Column<T> {
    /// Owned values are copied; mapped ones share the mapping.
    fn clone(&self) -> Self {
        let values = match &self.values {
            Values::Owned(values) => Values::Owned(values.clone()),
            Values::Mapped { file, offset, len } => Values::Mapped {
                file: Arc::clone(file),
                offset: *offset,
                len: *len,
            },
        };
        Self { values }
    }
}

impl<T: Pod + PartialEq> PartialEq for Column<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Pod + fmt::Debug> fmt::Debug for Column<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let how = if self.is_mapped() { "mapped" } else { "owned" };
        write!(f, "Column({how}, {} values)", self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn mapping(bytes: &[u8]) -> Arc<Mmap> {
        let mut file = tempfile::tempfile().expect("temp file");
        file.write_all(bytes).expect("write");
        // SAFETY: the temporary file is this test's own and is not changed while mapped.
        Arc::new(unsafe { Mmap::map(&file) }.expect("map"))
    }

    #[test]
    fn a_mapped_column_reads_the_file_in_place_and_checks_its_bounds() {
        let bytes: Vec<u8> = [7u32, 8, 9].iter().flat_map(|v| v.to_le_bytes()).collect();
        let file = mapping(&bytes);
        let col = Column::<u32>::mapped(&file, 4, 2).expect("in bounds");
        assert!(col.is_mapped());
        assert_eq!(*col, [8, 9]);
        assert_eq!(col, Column::from(vec![8, 9]));
        assert!(Column::<u32>::mapped(&file, 4, 3).is_none(), "past the end");
        assert!(Column::<u32>::mapped(&file, 2, 1).is_none(), "unaligned");
        assert!(Column::<u32>::mapped(&file, usize::MAX, 1).is_none());
        let mut owned = col.clone();
        owned.to_mut().push(10);
        assert!(!owned.is_mapped());
        assert_eq!(*owned, [8, 9, 10]);
        assert_eq!(*col, [8, 9], "the mapping is untouched");
    }
}
