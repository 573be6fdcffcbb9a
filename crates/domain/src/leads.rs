//! Lead cells ("HoS / PLO Coordinator / PSW", "SM KA") split into the people they name.
