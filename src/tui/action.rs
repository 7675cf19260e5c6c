//! Typed actions: what a key asks for. Keymap files name them by their
//! snake_case names; `Action::from_name` is the only way in from a file.

macro_rules! actions {
    ($($var:ident = $name:literal),+ $(,)?) => {
        /// Everything a key can ask for.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action { $($var),+ }
        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$var),+];
            pub fn name(self) -> &'static str { match self { $(Action::$var => $name),+ } }
            pub fn from_name(s: &str) -> Option<Action> {
                match s { $($name => Some(Action::$var),)+ _ => None }
            }
        }
    };
}

actions!(
    // anywhere
    Quit = "quit",
    Help = "help",
    Search = "search",
    NextTab = "next_tab",
    PrevTab = "prev_tab",
    GotoToday = "goto_today",
    GotoDisclosures = "goto_disclosures",
    GotoOpinions = "goto_opinions",
    GotoReplies = "goto_replies",
    GotoFinance = "goto_finance",
    GotoChecks = "goto_checks",
    GotoOffices = "goto_offices",
    GotoSync = "goto_sync",
    GotoReports = "goto_reports",
    Refresh = "refresh",
    SignOut = "sign_out",
    ToggleLang = "toggle_lang",
    // lists
    Up = "up",
    Down = "down",
    PageUp = "page_up",
    PageDown = "page_down",
    First = "first",
    Last = "last",
    Open = "open",
    Back = "back",
    // records
    New = "new",
    Edit = "edit",
    Sign = "sign",
    Submit = "submit",
    Approve = "approve",
    ReturnItem = "return",
    Publish = "publish",
    Correct = "correct",
    Archive = "archive",
    Reply = "reply",
    Pause = "pause",
    Verify = "verify",
    OpenBox = "open_box",
    EndBox = "end_box",
    Resolve = "resolve",
    SetOffice = "set_office",
    ClearOffice = "clear_office",
    Export = "export",
    Import = "import",
    Inspect = "inspect",
    Trust = "trust",
    Mark = "mark",
    TypePath = "type_path",
    Print = "print",
    Settings = "settings",
    // reports
    NextReport = "next_report",
    PrevReport = "prev_report",
    PrevPeriod = "prev_period",
    NextPeriod = "next_period",
    PeriodLength = "period_length",
    Receipt = "receipt",
    // filters
    FilterStatus = "filter_status",
    FilterCategory = "filter_category",
    FilterScope = "filter_scope",
    FilterPeriod = "filter_period",
    FilterKind = "filter_kind",
    FilterChannel = "filter_channel",
    FilterOverdue = "filter_overdue",
    ClearFilters = "clear_filters",
    Sort = "sort",
    // forms
    NextField = "next_field",
    PrevField = "prev_field",
    Save = "save",
    Cancel = "cancel",
    Anonymous = "anonymous",
    AddLine = "add_line",
    DeleteLine = "delete_line",
    // confirmations
    Yes = "yes",
    No = "no",
);

impl Action {
    /// Actions that open a screen, in tab order (a screen is registered
    /// under one of these).
    pub fn goto_index(self) -> Option<usize> {
        [
            Action::GotoToday,
            Action::GotoDisclosures,
            Action::GotoOpinions,
            Action::GotoReplies,
            Action::GotoFinance,
            Action::GotoChecks,
            Action::GotoOffices,
            Action::GotoSync,
            Action::GotoReports,
        ]
        .iter()
        .position(|a| *a == self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn names_round_trip() {
        for a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(*a));
        }
        assert_eq!(Action::from_name("fly"), None);
    }
}
