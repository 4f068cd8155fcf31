//! probe
#[cfg(test)]
mod tests {
    #[test]
    fn probe() {
        let area = crate::osm::helsinki_for_tests();
        let mut streets = std::collections::BTreeMap::<String, usize>::new();
        let mut pcs = std::collections::BTreeMap::<String, usize>::new();
        let mut cities = std::collections::BTreeMap::<String, usize>::new();
        for a in &area.addresses {
            *streets.entry(a.street.clone()).or_default() += 1;
            *pcs.entry(format!("{:?}", a.postcode)).or_default() += 1;
            *cities.entry(format!("{:?}", a.city)).or_default() += 1;
        }
        println!(
            "{} addresses {} streets",
            area.addresses.len(),
            streets.len()
        );
        println!("{streets:?}\n{pcs:?}\n{cities:?}");
        let hn: Vec<_> = area
            .addresses
            .iter()
            .map(|a| a.housenumber.as_str())
            .filter(|h| !h.chars().all(|c| c.is_ascii_digit()))
            .collect();
        println!("non-numeric: {hn:?}");
        println!("sv: {:?}", area.street_names_sv);
    }
}
