/// The prompt ids the shipped menu references (the contract with Prompts/prompts.yaml).
enum PromptIDs {
    static let all: Set<String> = [
        "input_error", "no_input_goodbye", "system_error", "ticket_number_is", "reply_within", "reply_by", "reply_end",
        "greeting_morning", "greeting_noon", "greeting_afternoon", "greeting_evening", "greeting_festive",
        "welcome", "recording_notice", "language_choice", "main_menu", "main_menu_short",
        "social_insurance_menu", "social_insurance_menu_short", "policy_pension", "policy_medical",
        "policy_unemployment", "policy_injury", "policy_maternity", "policy_after",
        "employment_menu", "employment_menu_short", "policy_employment_services", "policy_startup", "policy_training",
        "labor_relations_menu", "labor_relations_menu_short", "policy_contracts", "policy_wages", "policy_disputes",
        "personnel_menu", "personnel_menu_short", "policy_exams", "policy_titles", "policy_talent",
        "identity_id_prompt", "identity_pin_prompt", "identity_id_invalid", "identity_pin_invalid",
        "identity_mismatch", "identity_locked",
        "account_menu", "account_menu_short", "account_pension_result", "account_balance", "account_medical_result",
        "account_status_result", "insured_active", "insured_suspended", "insured_terminated", "service_after",
        "voicemail_intro", "beep", "voicemail_review", "voicemail_too_short", "voicemail_saved",
        "documents_list", "documents_contact", "documents_contact_invalid", "documents_readback", "documents_confirm",
        "documents_saved",
        "complaints_menu", "complaints_menu_short", "complaint_intro", "complaint_saved", "complaint_progress_hint",
        "ticket_status_entry", "ticket_number_invalid", "ticket_not_found", "ticket_status_is", "ticket_state_open",
        "ticket_state_in_progress", "ticket_state_closed", "ticket_due",
        "agent_transfer", "wait_tone", "agent_busy", "agent_overflow", "agent_closed",
        "survey", "goodbye", "goodbye_holiday",
    ]
    /// The overlay's own prompts.
    static let guangdong: Set<String> = all.union([
        "gd_employment_menu", "gd_employment_menu_short", "gd_policy_employment_services", "gd_policy_youth_employment",
    ])
}
