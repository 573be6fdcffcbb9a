//! The domain's tests, one binary: timescales, leads and status words, the truth files'
//! cells, and the workspace rules (attention, periods, sign-off).

mod checks;
mod leads_and_status;
mod reminders;
mod rounds;
mod rules;
mod timescales;
mod truth_cells;
mod when_properties;
