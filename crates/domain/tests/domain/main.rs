//! The domain's tests, one binary: timescales, leads and status words, the truth files'
//! cells, and the workspace rules (attention, periods, sign-off).

mod checks;
mod reminders;
mod leads_and_status;
mod rounds;
mod rules;
mod timescales;
mod truth_cells;
mod when_properties;
