//! CSV that a spreadsheet opens safely: a text cell starting with `=`, `+`, `-`, `@`, a tab
//! or a carriage return would run as a formula in Excel or LibreOffice (CSV injection,
//! OWASP), so it gets a leading `'`, which spreadsheets show as text. Numbers such as
//! `-12.5` are left alone. Every CSV the product writes goes through [`CsvWriter`].

use std::borrow::Cow;
use std::io::Write;

/// A cell as written: text that would start a formula gets a leading `'`.
pub fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    let starts_formula = cell
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    if starts_formula && cell.trim().parse::<f64>().is_err() {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A `csv::Writer` that writes every cell through [`spreadsheet_safe`].
pub struct CsvWriter<W: Write>(csv::Writer<W>);

impl<W: Write> CsvWriter<W> {
    /// Writes CSV to `out`.
    pub fn from_writer(out: W) -> Self {
        Self(csv::Writer::from_writer(out))
    }

    /// Writes one record, a cell at a time (a cell is copied only when it gets a `'`).
    ///
    /// # Errors
    /// When writing fails.
    pub fn write_record<I, T>(&mut self, record: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        for cell in record {
            self.0
                .write_field(spreadsheet_safe(cell.as_ref()).as_bytes())?;
        }
        self.0.write_record(None::<&[u8]>)
    }

    /// Flushes what was written.
    ///
    /// # Errors
    /// When writing fails.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("+358 40 123"), "'+358 40 123");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(
            spreadsheet_safe("-cmd|' /C calc'!A0"),
            "'-cmd|' /C calc'!A0"
        );
        assert_eq!(spreadsheet_safe("\tx"), "'\tx");
        assert_eq!(spreadsheet_safe("-12.5"), "-12.5");
        assert_eq!(spreadsheet_safe("+3"), "+3");
        assert_eq!(spreadsheet_safe("Mannerheimintie 5"), "Mannerheimintie 5");
        assert_eq!(spreadsheet_safe(""), "");
        let mut out = Vec::new();
        let mut w = CsvWriter::from_writer(&mut out);
        w.write_record(["=1+1", "24.9", "-0.5"]).unwrap();
        w.flush().unwrap();
        drop(w);
        assert_eq!(String::from_utf8(out).unwrap(), "'=1+1,24.9,-0.5\n");
    }
}
