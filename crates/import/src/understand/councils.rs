//! The councils of England that run children's services, by the names plans use for
//! them. Ofsted inspects only these (and a plan names its own far more than any
//! other), so a plan's council is found by looking for these names in its words.
//!
//! Kept by hand: the 153 children's services authorities, and the names of those that
//! were merged or renamed since 2009 (old plans still use them).

/// One council: the names a plan may use for it, and short forms used as a word.
pub struct Council {
    /// Written forms, longest first where one contains another.
    pub names: &'static [&'static str],
    /// Initialisms councils use for themselves ("CoL" for the City of London).
    pub initials: &'static [&'static str],
    /// The name is also an everyday word or surname ("Reading", "Sutton"): it counts
    /// only where the text says it is a council or a place ("Reading Borough Council",
    /// "in Reading").
    pub ambiguous: bool,
}

const fn c(names: &'static [&'static str]) -> Council {
    Council {
        names,
        initials: &[],
        ambiguous: false,
    }
}

const fn ci(names: &'static [&'static str], initials: &'static [&'static str]) -> Council {
    Council {
        names,
        initials,
        ambiguous: false,
    }
}

const fn word(names: &'static [&'static str]) -> Council {
    Council {
        names,
        initials: &[],
        ambiguous: true,
    }
}

/// England's children's services authorities, past and present.
pub static COUNCILS: &[Council] = &[
    // London
    ci(&["Barking and Dagenham", "Barking & Dagenham"], &["LBBD"]),
    c(&["Barnet"]),
    c(&["Bexley"]),
    word(&["Brent"]),
    c(&["Bromley"]),
    c(&["Camden"]),
    ci(&["City of London"], &["CoL"]),
    c(&["Croydon"]),
    c(&["Ealing"]),
    c(&["Enfield"]),
    c(&["Royal Borough of Greenwich", "Greenwich"]),
    c(&["Hackney"]),
    ci(
        &["Hammersmith and Fulham", "Hammersmith & Fulham"],
        &["LBHF"],
    ),
    c(&["Haringey"]),
    word(&["Harrow"]),
    c(&["Havering"]),
    c(&["Hillingdon"]),
    c(&["Hounslow"]),
    c(&["Islington"]),
    ci(
        &["Kensington and Chelsea", "Kensington & Chelsea"],
        &["RBKC"],
    ),
    ci(&["Kingston upon Thames"], &["RBK"]),
    c(&["Lambeth"]),
    c(&["Lewisham"]),
    word(&["Merton"]),
    c(&["Newham"]),
    c(&["Redbridge"]),
    c(&["Richmond upon Thames"]),
    c(&["Southwark"]),
    word(&["Sutton"]),
    c(&["Tower Hamlets"]),
    c(&["Waltham Forest"]),
    c(&["Wandsworth"]),
    word(&["Westminster"]),
    // Metropolitan boroughs
    c(&["Barnsley"]),
    c(&["Birmingham"]),
    c(&["Bolton"]),
    c(&["Bradford"]),
    word(&["Bury"]),
    c(&["Calderdale"]),
    c(&["Coventry"]),
    c(&["Doncaster"]),
    word(&["Dudley"]),
    c(&["Gateshead"]),
    c(&["Kirklees"]),
    c(&["Knowsley"]),
    c(&["Leeds"]),
    c(&["Liverpool"]),
    c(&["Manchester"]),
    c(&["Newcastle upon Tyne", "Newcastle"]),
    c(&["North Tyneside"]),
    c(&["Oldham"]),
    c(&["Rochdale"]),
    c(&["Rotherham"]),
    c(&["St Helens", "St. Helens", "Saint Helens"]),
    c(&["Salford"]),
    c(&["Sandwell"]),
    c(&["Sefton"]),
    c(&["Sheffield"]),
    c(&["Solihull"]),
    c(&["South Tyneside"]),
    c(&["Stockport"]),
    c(&["Sunderland"]),
    c(&["Tameside"]),
    c(&["Trafford"]),
    c(&["Wakefield"]),
    c(&["Walsall"]),
    c(&["Wigan"]),
    c(&["Wirral"]),
    c(&["Wolverhampton"]),
    // Unitary councils
    ci(
        &["Bath and North East Somerset", "Bath & North East Somerset"],
        &["BaNES", "BANES", "B&NES"],
    ),
    word(&["Bedford"]),
    c(&["Blackburn with Darwen"]),
    c(&["Blackpool"]),
    ci(&["Bournemouth, Christchurch and Poole"], &["BCP"]),
    c(&["Bournemouth"]),
    c(&["Poole"]),
    c(&["Bracknell Forest"]),
    c(&["Brighton and Hove", "Brighton & Hove"]),
    c(&["City of Bristol", "Bristol"]),
    c(&["Buckinghamshire"]),
    c(&["Central Bedfordshire"]),
    c(&["Cheshire East"]),
    c(&["Cheshire West and Chester", "Cheshire West & Chester"]),
    c(&["Cornwall"]),
    c(&["Cumberland"]),
    c(&["Darlington"]),
    word(&["Derby"]),
    c(&["Dorset"]),
    c(&["County Durham", "Durham"]),
    c(&["East Riding of Yorkshire", "East Riding"]),
    c(&["Halton"]),
    c(&["Hartlepool"]),
    c(&["Herefordshire"]),
    c(&["Isle of Wight"]),
    c(&["Isles of Scilly"]),
    c(&["Kingston upon Hull", "Hull"]),
    c(&["Leicester"]),
    c(&["Luton"]),
    c(&["Medway"]),
    c(&["Middlesbrough"]),
    c(&["Milton Keynes"]),
    c(&["North East Lincolnshire"]),
    c(&["North Lincolnshire"]),
    c(&["North Northamptonshire"]),
    c(&["North Somerset"]),
    c(&["North Yorkshire"]),
    c(&["Northumberland"]),
    c(&["Nottingham"]),
    c(&["Peterborough"]),
    c(&["Plymouth"]),
    c(&["Portsmouth"]),
    word(&["Reading"]),
    c(&["Redcar and Cleveland", "Redcar & Cleveland"]),
    c(&["Rutland"]),
    c(&["Shropshire"]),
    c(&["Slough"]),
    c(&["Somerset"]),
    c(&["South Gloucestershire"]),
    c(&["Southampton"]),
    c(&["Southend-on-Sea", "Southend"]),
    c(&["Stockton-on-Tees", "Stockton"]),
    c(&["Stoke-on-Trent"]),
    c(&["Swindon"]),
    c(&["Telford and Wrekin", "Telford & Wrekin"]),
    c(&["Thurrock"]),
    c(&["Torbay"]),
    c(&["Warrington"]),
    c(&["West Berkshire"]),
    c(&["West Northamptonshire"]),
    c(&["Westmorland and Furness", "Westmorland & Furness"]),
    c(&["Wiltshire"]),
    ci(
        &["Windsor and Maidenhead", "Windsor & Maidenhead"],
        &["RBWM"],
    ),
    c(&["Wokingham"]),
    c(&["York"]),
    // Counties
    c(&["Cambridgeshire"]),
    c(&["Cumbria"]),
    c(&["Derbyshire"]),
    c(&["Devon"]),
    c(&["East Sussex"]),
    c(&["Essex"]),
    c(&["Gloucestershire"]),
    c(&["Hampshire"]),
    c(&["Hertfordshire"]),
    word(&["Kent"]),
    c(&["Lancashire"]),
    c(&["Leicestershire"]),
    c(&["Lincolnshire"]),
    c(&["Norfolk"]),
    c(&["Northamptonshire"]),
    c(&["Nottinghamshire"]),
    c(&["Oxfordshire"]),
    c(&["Staffordshire"]),
    c(&["Suffolk"]),
    c(&["Surrey"]),
    c(&["Warwickshire"]),
    c(&["West Sussex"]),
    c(&["Worcestershire"]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_name_is_listed_twice() {
        let mut seen = std::collections::HashSet::new();
        for c in COUNCILS {
            for n in c.names {
                assert!(seen.insert(*n), "{n} listed twice");
            }
        }
        // 153 authorities today, and the ones merged or renamed since.
        assert!(COUNCILS.len() >= 153, "{}", COUNCILS.len());
    }
}
