use super::degrees::degrees_normalised;
use super::*;
use chrono::{Days, NaiveDate};
use proptest::prelude::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("test date is valid")
}

#[test]
fn text_is_normalised_and_collapsed() {
    assert_eq!(clean_text("  Ａｂｃ \t  def\u{3000}ghi  "), "Abc def ghi");
    assert_eq!(
        clean_text("上海市\u{a0}\u{202f}浦东新区"),
        "上海市 浦东新区"
    );
    assert_eq!(clean_text("   "), "");
}

#[test]
fn missing_placeholders() {
    for s in [
        "", "  ", "-", "—", "n/a", "N/A", "na", "NA", "null", "NULL", "none", "None", "无", "空",
        "/", " － ", "#N/A",
    ] {
        assert_eq!(cell_value(s), None, "{s:?} should be missing");
    }
    for s in ["0", "abc", "nan", "--x", "无效", " a  b "] {
        assert_eq!(
            cell_value(s),
            Some(clean_text(s)),
            "{s:?} should not be missing"
        );
    }
}

#[test]
fn date_styles() {
    let may_day = date(2024, 5, 1);
    for s in [
        "2024-05-01",
        "2024/5/1",
        "2024.5.1",
        "20240501",
        "2024年5月1日",
        "2024年05月01日",
        "2024年5月1日 13:45",
        "2024 年 5 月 1 日",
        "01.05.2024",
        "1/5/2024",
        "1-5-2024",
        "2024-05-01 13:45",
        "2024-05-01T13:45:00",
        "2024-05-01T13:45:00.123Z",
        "2024-05-01T13:45:00+08:00",
        "2024/5/1 9:05:00",
        "2024/5/1 9:05:00 PM",
        "20240501 00:00",
        "２０２４－０５－０１",
        "２０２４．５．１",
        "  2024-05-01  ",
    ] {
        assert_eq!(parse_date(s), Ok(may_day), "{s:?}");
    }
    // A second number above 12 can only be the day: month first.
    assert_eq!(parse_date("5/13/2024"), Ok(date(2024, 5, 13)));
    assert_eq!(parse_date("13/5/2024"), Ok(date(2024, 5, 13)));
    assert_eq!(parse_date("13.05.2024"), Ok(date(2024, 5, 13)));
}

#[test]
fn excel_serials_follow_the_1900_system() {
    assert_eq!(parse_serial_date("1"), Ok(date(1900, 1, 1)));
    assert_eq!(parse_serial_date("59"), Ok(date(1900, 2, 28)));
    assert_eq!(parse_serial_date("61"), Ok(date(1900, 3, 1)));
    assert_eq!(parse_serial_date("45413"), Ok(date(2024, 5, 1)));
    assert_eq!(parse_serial_date("４５４１３.75"), Ok(date(2024, 5, 1)));
    assert_eq!(parse_serial_date("2958465"), Ok(date(9999, 12, 31)));
    for s in ["0", "60", "2958466", "-1", "0.5", "2024-05-01"] {
        assert!(parse_serial_date(s).is_err(), "{s:?}");
    }
    // A bare number is no calendar date: only a column of serials reads it as one.
    for s in ["3", "45413", "45413.75"] {
        assert!(parse_date(s).is_err(), "{s:?}");
    }
}

#[test]
fn invalid_dates_are_errors_naming_the_value() {
    for s in [
        "2024-13-45",
        "2024-02-30",
        "2023-02-29",
        "2024-00-10",
        "31.02.2024",
        "13/13/2024",
        "1/5/24",
        "2024-05-01 garbage",
        "2024-05-01 25:00",
        "2024年13月1日",
        "2024年5月",
        "May 1, 2024",
        "abc",
        "",
        "2024-05",
        "2024-05/01",
    ] {
        assert!(parse_date(s).is_err(), "{s:?} should fail");
    }
    assert_eq!(
        parse_date(" 2024-13-45 ").map_err(|e| e.to_string()),
        Err("'2024-13-45' is not a date (expected e.g. 2024-05-01)".to_owned())
    );
}

#[test]
fn money_styles() {
    let cases = [
        ("1,234.50", 123_450),
        ("1.234,50", 123_450),
        ("1 234,50", 123_450),
        ("1\u{a0}234,50", 123_450),
        ("1\u{202f}234,50", 123_450),
        ("1'234.50", 123_450),
        ("1’234.50", 123_450),
        ("1234,5", 123_450),
        ("1234.5", 123_450),
        ("12", 1200),
        ("-12", -1200),
        ("(12.50)", -1250),
        ("¥1,234.50", 123_450),
        ("￥1,234.50", 123_450),
        ("€ 1.234,50", 123_450),
        ("1.234,50 €", 123_450),
        ("$12.00", 1200),
        ("£0.99", 99),
        ("RMB 88", 8800),
        ("88 rmb", 8800),
        ("CNY88.8", 8880),
        ("EUR -5,5", -550),
        ("-¥12", -1200),
        ("¥-12", -1200),
        ("12元", 1200),
        ("１，２３４．５０", 123_450),
        ("1,234", 123_400),
        ("1,234,567", 123_456_700),
        ("1.234.567", 123_456_700),
        ("1.234.567,89", 123_456_789),
        ("0,125", 13),
        ("0.125", 13),
        ("-0.125", -13),
        ("0.124", 12),
        ("12.345", 1235),
        (".5", 50),
        ("0", 0),
        ("92233720368547758.07", i64::MAX),
    ];
    for (s, cents) in cases {
        assert_eq!(parse_money_cents(s), Ok(cents), "{s:?}");
    }
}

#[test]
fn money_errors() {
    for s in [
        "abc",
        "",
        "-",
        "¥",
        "12.",
        ",",
        "1,2,3",
        "1.234.56",
        "1,234.567.89",
        "12 34",
        "1e3",
        "12$34",
        "--12",
        "1.2.3,4,5",
        "12,34,5",
        "NaN",
    ] {
        assert!(
            matches!(parse_money_cents(s), Err(ValueError::NotMoney(_))),
            "{s:?} should fail"
        );
    }
    assert_eq!(
        parse_money_cents("abc").map_err(|e| e.to_string()),
        Err("'abc' is not an amount of money (expected e.g. 1234.50)".to_owned())
    );
    assert!(matches!(
        parse_money_cents("92233720368547758.08"),
        Err(ValueError::MoneyTooLarge(_))
    ));
    assert!(matches!(
        parse_money_cents("99999999999999999999999"),
        Err(ValueError::MoneyTooLarge(_))
    ));
}

#[test]
fn counts() {
    for (s, n) in [
        ("12", 12),
        ("12次", 12),
        ("12 次", 12),
        ("12x", 12),
        ("12 X", 12),
        ("12 times", 12),
        ("12.0", 12),
        ("12.00", 12),
        ("1,234", 1234),
        ("1 234", 1234),
        ("０", 0),
        ("１２次", 12),
        ("4294967295", u32::MAX),
    ] {
        assert_eq!(parse_count(s), Ok(n), "{s:?}");
    }
    for s in [
        "12.5", "-3", "", "x", "abc", "1.000", "12,5", "1,23", "12 34", "twelve",
    ] {
        assert!(
            matches!(parse_count(s), Err(ValueError::NotACount(_))),
            "{s:?} should fail"
        );
    }
    assert!(matches!(
        parse_count("4294967296"),
        Err(ValueError::CountTooLarge(_))
    ));
    assert_eq!(
        parse_count("12.5").map_err(|e| e.to_string()),
        Err("'12.5' is not a count (expected a whole number, e.g. 12)".to_owned())
    );
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn degrees() {
    let dms = 60.0 + 10.0 / 60.0 + 11.6 / 3600.0;
    for (s, v) in [
        ("31.2304", 31.2304),
        ("-31.2304", -31.2304),
        ("+31.2304", 31.2304),
        ("31,2304", 31.2304),
        ("31.2304°", 31.2304),
        ("31.2304° N", 31.2304),
        ("31.2304S", -31.2304),
        ("S 31.2304", -31.2304),
        ("121.5W", -121.5),
        ("e121.5", 121.5),
        ("北纬31.2304", 31.2304),
        ("西经121.5", -121.5),
        ("60°10'11.6\"N", dms),
        ("60° 10′ 11.6″ N", dms),
        ("60°10'11.6''N", dms),
        ("60 10 11.6 N", dms),
        ("60 10 11,6 N", dms),
        ("60º10'11.6\"S", -dms),
        ("60度10分11.6秒", dms),
        ("24°56.4'E", 24.0 + 56.4 / 60.0),
        ("-24°56.4'", -(24.0 + 56.4 / 60.0)),
        ("３１．２３０４", 31.2304),
        ("0", 0.0),
    ] {
        let got = parse_degrees(s);
        assert!(got.as_ref().is_ok_and(|g| close(*g, v)), "{s:?}: {got:?}");
    }
}

#[test]
fn degree_errors() {
    for s in [
        "abc",
        "",
        "N",
        "31.2.3",
        "31,2,3",
        "-31 S",
        "-31 N",
        "N31E",
        "60°70'",
        "60 10 61",
        "60.5 10",
        "10'",
        "60°10\"",
        "1 2 3 4",
        "31.2304 121.5",
        "inf",
        "NaN",
        "1e5",
        "60°°",
        "31.",
        ".5",
    ] {
        assert!(parse_degrees(s).is_err(), "{s:?} should fail");
    }
    assert_eq!(
        parse_degrees("abc").map_err(|e| e.to_string()),
        Err("'abc' is not an angle in degrees (expected e.g. 31.2304 or 31°13'49.4\"N)".to_owned())
    );
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' | '-' | '.' | '/' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Days since 1899-12-30 (31 before Excel's fictitious 1900-02-29).
fn excel_serial(d: NaiveDate) -> i64 {
    let days = (d - date(1899, 12, 30)).num_days();
    if d < date(1900, 3, 1) { days - 1 } else { days }
}

fn render_date(d: NaiveDate, style: usize) -> String {
    use chrono::Datelike;
    let (y, m, day) = (d.year(), d.month(), d.day());
    match style {
        0 => format!("{y:04}-{m:02}-{day:02}"),
        1 => format!("{y}/{m}/{day}"),
        2 => format!("{y}.{m}.{day}"),
        3 => format!("{y:04}{m:02}{day:02}"),
        4 => format!("{y}年{m}月{day}日"),
        5 => format!("{y}年{m:02}月{day:02}日 13:45"),
        6 => format!("{day:02}.{m:02}.{y}"),
        7 => format!("{day}/{m}/{y}"),
        8 => format!("{day}-{m}-{y} 9:05:00"),
        9 if day > 12 => format!("{m}/{day}/{y}"),
        10 => full_width(&format!("{y:04}-{m:02}-{day:02}")),
        11 => format!("{y:04}-{m:02}-{day:02}T13:45:00"),
        12 => format!("{}", excel_serial(d)),
        _ => format!("{}.25", excel_serial(d)),
    }
}

fn money_render(cents: i64, style: usize, deco: usize) -> String {
    let neg = cents < 0;
    let abs = cents.unsigned_abs();
    let (int, frac) = (abs / 100, abs % 100);
    let grouped = |sep: &str| {
        let digits = int.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push_str(sep);
            }
            out.push(c);
        }
        out
    };
    let number = match style {
        0 => format!("{int}.{frac:02}"),
        1 => format!("{}.{frac:02}", grouped(",")),
        2 => format!("{},{frac:02}", grouped(".")),
        3 => format!("{},{frac:02}", grouped("\u{a0}")),
        4 => format!("{},{frac:02}", grouped("\u{202f}")),
        5 => format!("{}.{frac:02}", grouped("'")),
        6 => format!("{int},{frac:02}"),
        7 => full_width(&format!("{int}.{frac:02}")),
        _ if frac == 0 => grouped(","),
        _ => format!("{int}.{frac:02}"),
    };
    let sign = if neg { "-" } else { "" };
    match deco {
        0 => format!("{sign}{number}"),
        1 => format!("{sign}¥{number}"),
        2 => format!("￥{sign}{number}"),
        3 => format!("{sign}{number} €"),
        4 => format!("{sign}{number}元"),
        5 => format!("RMB {sign}{number}"),
        6 => format!("{sign}$ {number}"),
        _ => format!("{sign}{number} EUR"),
    }
}

proptest! {
    #[test]
    fn dates_round_trip(days in 1_i64..=(2_958_465 - 1), style in 0_usize..14) {
        let d = date(1900, 1, 1)
            .checked_add_days(Days::new(days.unsigned_abs() - 1))
            .expect("within 9999");
        let s = render_date(d, style);
        // `render_date` writes a serial for styles 12 and 13, and for 9 when the day
        // could be a month.
        let serial = style >= 12 || (style == 9 && chrono::Datelike::day(&d) <= 12);
        let parsed = if serial { parse_serial_date(&s) } else { parse_date(&s) };
        prop_assert_eq!(parsed, Ok(d), "{}", s);
    }

    #[test]
    fn money_round_trips(
        cents in -1_000_000_000_000_000_i64..1_000_000_000_000_000,
        style in 0_usize..9,
        deco in 0_usize..8,
    ) {
        let s = money_render(cents, style, deco);
        prop_assert_eq!(parse_money_cents(&s), Ok(cents), "{}", s);
    }

    #[test]
    fn decimal_degrees_round_trip(v in -180.0_f64..180.0, style in 0_usize..4) {
        let s = match style {
            0 => format!("{v}"),
            1 => format!("{v}").replace('.', ","),
            2 => format!("{}°{}", v.abs(), if v < 0.0 { "S" } else { "N" }),
            _ => format!("{} {}", if v < 0.0 { "W" } else { "E" }, v.abs()),
        };
        let got = parse_degrees(&s);
        prop_assert!(got.as_ref().is_ok_and(|g| close(*g, v)), "{} -> {:?}", s, got);
    }

    #[test]
    fn plain_decimals_take_the_short_way_to_the_same_value(s in "[+-]?[0-9]{0,4}[.]?[0-9]{0,9}") {
        let general = degrees_normalised(&s);
        prop_assert_eq!(parse_degrees(&s).ok(), general, "{}", s);
    }

    #[test]
    fn dms_round_trip(
        d in 0_u32..180, m in 0_u32..60, s_micro in 0_u32..60_000_000,
        negative: bool, style in 0_usize..3,
    ) {
        let (s_int, s_frac) = (s_micro / 1_000_000, s_micro % 1_000_000);
        let hemi = if negative { "S" } else { "N" };
        let text = match style {
            0 => format!("{d}°{m}'{s_int}.{s_frac:06}\"{hemi}"),
            1 => format!("{d} {m} {s_int},{s_frac:06} {hemi}"),
            _ => format!("{hemi}{d}° {m}′ {s_int}.{s_frac:06}″"),
        };
        let mut want = f64::from(d) + f64::from(m) / 60.0 + f64::from(s_micro) / 3.6e9;
        if negative {
            want = -want;
        }
        let got = parse_degrees(&text);
        prop_assert!(got.as_ref().is_ok_and(|g| close(*g, want)), "{} -> {:?}", text, got);
    }

    #[test]
    fn decimal_minutes_round_trip(d in 0_u32..180, m_milli in 0_u32..60_000) {
        let text = format!("{d}°{}.{:03}'W", m_milli / 1000, m_milli % 1000);
        let want = -(f64::from(d) + f64::from(m_milli) / 60_000.0);
        let got = parse_degrees(&text);
        prop_assert!(got.as_ref().is_ok_and(|g| close(*g, want)), "{} -> {:?}", text, got);
    }

    #[test]
    fn parsers_never_panic(s in ".*") {
        let _ = parse_date(&s);
        let _ = parse_money_cents(&s);
        let _ = parse_count(&s);
        let _ = parse_degrees(&s);
        let _ = cell_value(&s);
        let _ = clean_text(&s);
    }

    #[test]
    fn parsers_never_panic_on_value_like_strings(s in "[0-9.,'’ ¥€$年月日°\"次xNSEW:T+-]{0,24}") {
        let _ = parse_date(&s);
        let _ = parse_money_cents(&s);
        let _ = parse_count(&s);
        let _ = parse_degrees(&s);
    }
}
