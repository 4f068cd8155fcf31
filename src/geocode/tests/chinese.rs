//! The Chinese rules on a hand-made area in Xuhui, Shanghai: a road with lane numbers
//! (`595弄`), a compound, a shopping centre and a school, two districts and two street
//! offices, and a compound name used twice far apart.

use super::*;
use crate::geocode::{PlaceInput, PlaceInputKind};

fn place(name: &str, kind: PlaceInputKind, lon: f64, lat: f64) -> PlaceInput {
    PlaceInput {
        name: name.to_owned(),
        kind,
        position: at(lon, lat),
    }
}

/// 漕溪北路 runs north–south at 121.4370; 徐汇区 lies around it, 长宁区 3 km north-west.
fn xuhui() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        use PlaceInputKind::{Compound, District, Poi};
        Gazetteer::new(GazetteerInput {
            addresses: vec![
                house(
                    "漕溪北路",
                    "595弄",
                    Some("200030"),
                    "上海市",
                    121.4372,
                    31.1900,
                ),
                house(
                    "漕溪北路",
                    "600号",
                    Some("200030"),
                    "上海市",
                    121.4368,
                    31.1895,
                ),
                house(
                    "漕溪北路",
                    "18号",
                    Some("200030"),
                    "上海市",
                    121.4372,
                    31.1990,
                ),
            ],
            streets: vec![street(
                &["漕溪北路", "Caoxi North Road"],
                &[(121.4370, 31.2000), (121.4370, 31.1850)],
            )],
            interpolations: vec![],
            edge: None,
            places: vec![
                place("徐汇苑", Compound, 121.4390, 31.1920),
                place("5号楼", Compound, 121.4392, 31.1922),
                place("6栋", Compound, 121.4388, 31.1918),
                place("7号楼", Compound, 121.4700, 31.2100),
                place("港汇恒隆广场", Poi, 121.4380, 31.1960),
                place("徐汇中学", Poi, 121.4360, 31.1970),
                place("阳光花园", Compound, 121.4400, 31.1880),
                place("阳光花园", Compound, 121.4000, 31.2200),
                place("徐汇区", District, 121.4370, 31.1900),
                place("长宁区", District, 121.4100, 31.2200),
                place("徐家汇街道", District, 121.4370, 31.1950),
                place("天平路街道", District, 121.4450, 31.2050),
            ],
        })
    })
}

#[track_caller]
fn expect(address: &str, level: MatchLevel, label: &str) -> Geocoded {
    let g = xuhui().geocode(address);
    assert_eq!(g.level, level, "{address}: {g:?}");
    assert_eq!(g.label.as_deref(), Some(label), "{address}: {g:?}");
    g
}

#[test]
fn a_lane_number_is_the_roads_house_and_what_follows_is_not_placed() {
    for a in [
        "上海市徐汇区漕溪北路595弄3号502室",
        "漕溪北路595弄",
        "徐汇区漕溪北路595弄3号",
        "上海市 徐汇区 漕溪北路 595 弄 3 号 502 室",
    ] {
        expect(a, MatchLevel::House, "漕溪北路 595弄, 200030 上海市");
    }
    expect(
        "漕溪北路600号2栋1单元301室",
        MatchLevel::House,
        "漕溪北路 600号, 200030 上海市",
    );
}

#[test]
fn a_compound_answers_at_compound_level() {
    let g = expect("徐汇苑9栋2单元301室", MatchLevel::Compound, "徐汇苑");
    assert!(distance_m(g.position.unwrap(), at(121.4390, 31.1920)) < 1.0);
    expect("上海市徐汇区徐汇苑3号楼", MatchLevel::Compound, "徐汇苑");
    // The road without a number is vaguer than the compound it names.
    expect("漕溪北路徐汇苑9幢", MatchLevel::Compound, "徐汇苑");
    // A house beats the compound.
    expect(
        "漕溪北路18号徐汇苑",
        MatchLevel::House,
        "漕溪北路 18号, 200030 上海市",
    );
}

#[test]
fn a_poi_the_address_names_answers_at_compound_level() {
    expect(
        "徐汇区港汇恒隆广场3楼",
        MatchLevel::Compound,
        "港汇恒隆广场",
    );
    expect("徐汇中学", MatchLevel::Compound, "徐汇中学");
}

#[test]
fn a_district_or_street_office_not_in_the_area_answers_none() {
    for a in [
        "上海市浦东新区漕溪北路595弄",
        "上海市静安区徐汇苑5栋",
        "徐汇区虹梅路街道漕溪北路18号",
    ] {
        assert_eq!(xuhui().geocode(a), Geocoded::none(), "{a}");
    }
    // The area's own district and street office pass.
    expect(
        "徐汇区徐家汇街道漕溪北路18号",
        MatchLevel::House,
        "漕溪北路 18号, 200030 上海市",
    );
}

#[test]
fn a_named_district_picks_between_same_named_compounds() {
    // Two 阳光花园: without a district they tie; 徐汇区 picks the one nearer its point.
    assert_eq!(xuhui().geocode("阳光花园3栋").level, MatchLevel::None);
    let g = expect("徐汇区阳光花园3栋", MatchLevel::Compound, "阳光花园");
    assert!(distance_m(g.position.unwrap(), at(121.4400, 31.1880)) < 1.0);
    let g = expect("长宁区阳光花园3栋", MatchLevel::Compound, "阳光花园");
    assert!(distance_m(g.position.unwrap(), at(121.4000, 31.2200)) < 1.0);
    assert!(xuhui().candidates("阳光花园3栋", 5).len() >= 2);
}

#[test]
fn latin_names_of_places_are_not_searched() {
    let g = Gazetteer::new(GazetteerInput {
        places: vec![place("Kamppi", PlaceInputKind::Compound, 24.93, 60.17)],
        ..GazetteerInput::default()
    });
    assert_eq!(g.geocode("Kamppi").level, MatchLevel::None);
}

#[test]
fn without_compounds_or_districts_nothing_changes() {
    let g = expect("徐汇中学", MatchLevel::Compound, "徐汇中学");
    assert!(g.score < 1.0);
    assert_eq!(xuhui().geocode("漕溪北路").level, MatchLevel::Street);
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn chinese_reading_never_panics(s in any::<String>()) {
            let g = xuhui();
            let _ = g.geocode(&s);
            let _ = g.candidates(&s, 3);
        }

        #[test]
        fn chinese_addresslike_input_never_panics_and_reads_only_the_key(
            s in "[0-9A-Za-z上海市徐汇区长宁新街道镇漕溪北路苑花园阳光港恒隆广场中学弄巷号栋幢楼单元室 ,.-]{0,80}",
        ) {
            let g = xuhui();
            let direct = g.geocode(&s);
            prop_assert_eq!(direct, g.geocode(&Gazetteer::normalise_key(&s)));
        }
    }
}

#[test]
fn a_city_without_its_suffix_joins_the_district_segment() {
    expect(
        "上海徐汇区漕溪北路18号",
        MatchLevel::House,
        "漕溪北路 18号, 200030 上海市",
    );
    assert_eq!(xuhui().geocode("上海黄浦区漕溪北路18号"), Geocoded::none());
}

#[test]
fn a_lane_written_with_xiang_is_placed_like_nong() {
    expect(
        "漕溪北路18巷3号",
        MatchLevel::House,
        "漕溪北路 18号, 200030 上海市",
    );
    expect(
        "漕溪北路595弄",
        MatchLevel::House,
        "漕溪北路 595弄, 200030 上海市",
    );
}

#[test]
fn a_numbered_building_of_the_compound_is_a_house() {
    for a in [
        "徐汇苑5栋2单元301室",
        "徐汇苑5号楼",
        "徐汇区徐汇苑 5 幢 1201室",
    ] {
        let g = expect(a, MatchLevel::House, "徐汇苑 5号楼");
        assert!(distance_m(g.position.unwrap(), at(121.4392, 31.1922)) < 1.0);
    }
    expect("徐汇苑6号楼301室", MatchLevel::House, "徐汇苑 6栋");
    // Building 7 exists, but 3 km away: not this compound's.
    expect("徐汇苑7号楼", MatchLevel::Compound, "徐汇苑");
    // A number after the compound that is a room, or a building name alone, is no house.
    expect("徐汇苑502室", MatchLevel::Compound, "徐汇苑");
    assert_eq!(xuhui().geocode("5号楼").level, MatchLevel::None);
}
