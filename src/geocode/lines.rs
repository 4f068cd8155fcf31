//! Addresses one per line from a byte stream, for `geocode --stdin`: every line is one
//! answer, whatever it holds. A line that is not UTF-8, or longer than any address
//! ([`MAX_ADDRESS_CHARS`]), is read as no address; its bytes past the limit are skipped
//! without being kept, so memory stays at one address however long the line.

use std::io::{self, BufRead};

use super::MAX_ADDRESS_CHARS;

/// Most bytes an address of [`MAX_ADDRESS_CHARS`] characters can take in UTF-8.
const MAX_LINE_BYTES: usize = MAX_ADDRESS_CHARS * 4;

/// Reads addresses one per line (`\n` or `\r\n`).
///
/// ```
/// use catchment::geocode::AddressLines;
/// let input = b"Mannerheimintie 5\r\n\xff\xfe\n".as_slice();
/// let mut lines = AddressLines::new(input);
/// assert_eq!(lines.next_line().unwrap(), Some(Some("Mannerheimintie 5")));
/// assert_eq!(lines.next_line().unwrap(), Some(None));
/// assert_eq!(lines.next_line().unwrap(), None);
/// ```
#[derive(Debug)]
pub struct AddressLines<R> {
    input: R,
    line: Vec<u8>,
}

impl<R: BufRead> AddressLines<R> {
    /// Reads from `input`.
    pub fn new(input: R) -> Self {
        Self {
            input,
            line: Vec::with_capacity(256),
        }
    }

    /// The next line: `Some(Some(address))`, `Some(None)` for a line that cannot be an
    /// address (not UTF-8, or too long), `None` at the end of the input.
    ///
    /// # Errors
    /// When reading the input fails.
    pub fn next_line(&mut self) -> io::Result<Option<Option<&str>>> {
        self.line.clear();
        let mut read_any = false;
        let mut too_long = false;
        loop {
            let buf = match self.input.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                break;
            }
            read_any = true;
            let newline = buf.iter().position(|b| *b == b'\n');
            let part = buf.get(..newline.unwrap_or(buf.len())).unwrap_or_default();
            if self.line.len() + part.len() > MAX_LINE_BYTES {
                too_long = true;
            } else {
                self.line.extend_from_slice(part);
            }
            let used = newline.map_or(buf.len(), |i| i + 1);
            self.input.consume(used);
            if newline.is_some() {
                break;
            }
        }
        if !read_any {
            return Ok(None);
        }
        if self.line.last() == Some(&b'\r') {
            self.line.pop();
        }
        if too_long {
            return Ok(Some(None));
        }
        Ok(Some(std::str::from_utf8(&self.line).ok()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_answer_per_line_whatever_the_line() {
        let mut input = b"a\n\nb\xc3\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', 3 * MAX_LINE_BYTES));
        input.extend_from_slice(b"\nlast");
        // A tiny buffer makes the long line arrive in many pieces.
        let mut lines = AddressLines::new(io::BufReader::with_capacity(7, input.as_slice()));
        let mut got = Vec::new();
        while let Some(line) = lines.next_line().unwrap() {
            got.push(line.map(str::to_owned));
            assert!(lines.line.capacity() <= 2 * MAX_LINE_BYTES);
        }
        let want = [Some("a"), Some(""), None, None, Some("last")];
        assert_eq!(got, want.map(|w| w.map(str::to_owned)));
    }
}
