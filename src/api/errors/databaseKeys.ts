import type { ErrorTextKey } from './reasons'

/**
 * Every key the database sends, and the text the app shows for it: the messages its functions
 * and triggers raise (`raise exception using message = '…'`), the hints they add, and the names
 * of its check constraints. The one place these are mapped: src/api/errors.test.ts fails when
 * a migration sends a key that is missing here, and tests/db/error-reasons.test.ts when the
 * running database does; both check the text exists in every language.
 *
 * Keys the app's own screens never lead to (a protected field, a log row changed by hand) still
 * get a plain text, so a hand-made request is answered in words too.
 */
export const DATABASE_KEYS = {
  // An author's own idea and comment (create_idea_rules.sql, create_comment_rules.sql).
  idea_edit_window_closed: 'errors.ideaEditWindowClosed',
  idea_edit_not_new: 'errors.ideaEditNotNew',
  idea_withdraw_not_new: 'errors.ideaWithdrawNotNew',
  idea_withdraw_has_votes: 'errors.ideaWithdrawHasVotes',
  comment_edit_window_closed: 'errors.commentEditWindowClosed',
  // What the team hid stays as it was (keep_hidden_content_as_the_team_left_it.sql).
  idea_hidden_by_team: 'errors.ideaHiddenByTeam',
  comment_hidden_by_team: 'errors.commentHiddenByTeam',
  // Emmer always keeps an admin: the last one can neither leave nor step down. Only an admin
  // can change a role, so whoever meets this is that last admin.
  last_admin: 'errors.lastAdmin',
  // Who is asking.
  not_signed_in: 'errors.signInNeeded',
  not_allowed: 'errors.notAllowed',
  // Admin powers, and a moderator's once they enrolled, need the code from their app (aal2).
  second_factor_required: 'errors.secondFactorRequired',
  recovery_code_wrong: 'errors.recoveryCodeWrong',
  // Columns and rows nobody changes through the API.
  idea_field_protected: 'errors.notAllowed',
  comment_field_protected: 'errors.notAllowed',
  moderation_log_append_only: 'errors.notAllowed',
  idea_channel_not_offline: 'errors.notAllowed',
  // Votes are closed for ideas that are merged, done or not feasible (`idea_not_votable: <why>`).
  idea_not_votable: 'errors.notAllowed',
  comment_reply_too_deep: 'errors.notAllowed',
  comment_parent_other_idea: 'errors.notAllowed',
  idea_id_taken: 'errors.duplicate',
  // The team's functions name what they could not find.
  idea_not_found: 'errors.notFound',
  comment_not_found: 'errors.notFound',
  coalition_not_found: 'errors.notFound',
  profile_not_found: 'errors.notFound',
  partner_request_not_found: 'moderation.errors.requestGone',
  report_not_found: 'moderation.errors.reportGone',
  // Coalitions: never more partners than confirmed residents; each joins as what they are.
  coalition_partner_majority: 'moderation.errors.partnerMajority',
  coalition_member_kind_mismatch: 'moderation.errors.memberKind',
  coalition_resident_unconfirmed: 'moderation.errors.residentUnconfirmed',
  role_change_coalition_partner_majority: 'errors.coalitionBalance',
  role_partner_via_request: 'moderation.errors.rolePartner',
  // The team's answers, merges and hidings.
  status_message_too_short: 'moderation.errors.messageTooShort',
  update_message_unfinished: 'moderation.errors.messageUnfinished',
  status_needs_coalition: 'moderation.errors.needsCoalition',
  status_use_merge: 'moderation.errors.useMerge',
  idea_is_merged: 'moderation.errors.ideaIsMerged',
  merge_same_idea: 'moderation.errors.mergeSame',
  merge_into_merged: 'moderation.errors.mergeIntoMerged',
  merge_withdrawn: 'moderation.errors.mergeWithdrawn',
  hide_reason_too_short: 'moderation.errors.reasonTooShort',
  period_invalid: 'moderation.errors.periodInvalid',
  /*
   * The per-person limits (private.limits) refuse with `rate_limited: <kind>`. Each kind has its
   * own text, which says when it works again: the texts follow the windows in private.limits.
   */
  rate_limited: 'errors.rateLimited',
  'rate_limited: ideas': 'errors.limitIdeas',
  'rate_limited: comments': 'errors.limitComments',
  'rate_limited: votes': 'errors.limitVotes',
  'rate_limited: vote_changes': 'errors.limitVoteChanges',
  'rate_limited: vote_changes_per_idea': 'errors.limitVoteChangesIdea',
  'rate_limited: reports': 'errors.limitReports',
  'rate_limited: follows': 'errors.limitFollows',
  'rate_limited: partner_requests': 'errors.limitPartnerRequests',
  'rate_limited: event_signups': 'errors.limitEventSignups',
  'rate_limited: idea_photos': 'errors.limitPhotos',
  // Photos (create_idea_photos.sql).
  too_many_photos: 'errors.tooManyPhotos',
  photo_description_too_short: 'errors.photoDescriptionShort',
  photo_description_too_long: 'errors.photoDescriptionLong',
  idea_withdrawn: 'errors.ideaWithdrawn',
  idea_photos_description_length: 'errors.photoDescriptionLong',
  photo_not_found: 'errors.notFound',
  idea_photos_description_not_null: 'errors.photoDescriptionShort',
  idea_photos_format_check: 'errors.photoWrongType',
  idea_photos_height_check: 'errors.notAllowed',
  idea_photos_width_check: 'errors.notAllowed',
  idea_photos_thumb_height_check: 'errors.notAllowed',
  idea_photos_thumb_width_check: 'errors.notAllowed',
  idea_photos_position_check: 'errors.tooManyPhotos',
  idea_photos_hidden_reason_check: 'moderation.errors.reasonTooShort',
  area_settings_id_check: 'errors.notAllowed',
  // Dropped by create_area_settings.sql (the area's bounds are settings now, location_outside_area);
  // src/api/errors.test.ts reads every migration, so the old name keeps its text.
  ideas_location_in_eindhoven: 'errors.locationOutsideArea',
  method_not_allowed: 'errors.notAllowed',
  // Tables in the private schema, written only by functions that run as owner.
  limits_max_count_check: 'errors.notAllowed',
  limits_per_check: 'errors.notAllowed',
  mail_log_kind_check: 'errors.notAllowed',
  mail_queue_kind_check: 'errors.notAllowed',
  mail_queue_kind_fields: 'errors.notAllowed',
  team_invitations_email_check: 'errors.emailInvalid',
  team_invitations_role_check: 'errors.notAllowed',
  hide_reason_needed: 'moderation.errors.reasonTooShort',
  'rate_limited: coalition_joins': 'errors.limitCoalitionJoins',
  /*
   * Check constraints. A length constraint does not say which end the text missed; the app
   * checks both ends before it sends (src/lib/ideaText.ts), so what reaches the database is the
   * short side (a blank text) in practice.
   */
  ideas_title_length: 'errors.titleTooShort',
  ideas_body_length: 'errors.bodyTooShort',
  comments_body_length: 'errors.bodyTooShort',
  reports_reason_length: 'errors.tooLong',
  idea_updates_message_length: 'moderation.errors.messageTooShort',
  ideas_hidden_has_reason: 'moderation.errors.reasonTooShort',
  comments_hidden_has_reason: 'moderation.errors.reasonTooShort',
  ideas_not_merged_into_self: 'moderation.errors.mergeSame',
  ideas_merged_has_target: 'errors.notAllowed',
  ideas_erased_only_when_withdrawn: 'errors.notAllowed',
  ideas_app_not_recorded: 'errors.notAllowed',
  ideas_offline_has_no_author: 'errors.notAllowed',
  // The area's settings, the themes' texts and an idea's place (create_area_settings.sql).
  location_outside_area: 'errors.locationOutsideArea',
  settings_name_length: 'errors.settingsNameLength',
  settings_email_invalid: 'errors.settingsEmailInvalid',
  settings_phone_invalid: 'errors.settingsPhoneInvalid',
  settings_text_too_long: 'errors.settingsTextTooLong',
  settings_answer_days_invalid: 'errors.settingsAnswerDaysInvalid',
  settings_bounds_invalid: 'errors.settingsBoundsInvalid',
  settings_centre_outside_bounds: 'errors.settingsCentreOutsideBounds',
  settings_colour_invalid: 'errors.settingsColourInvalid',
  settings_colour_contrast: 'errors.settingsColourContrast',
  translations_invalid: 'errors.translationsInvalid',
  // The agenda (create_initiatives_and_events.sql): no sign-ups for a cancelled or past event.
  event_cancelled: 'errors.eventCancelled',
  event_over: 'errors.eventOver',
  event_in_past: 'errors.eventInPast',
  events_end_after_start: 'errors.eventTimes',
  events_sensible_length: 'errors.eventTimes',
  event_organiser_only: 'errors.eventOrganiserOnly',
  event_visit_needs_address: 'errors.eventVisitNeedsAddress',
  // The bounds from area_settings (agenda_bounds_live_and_coalition_initiatives.sql).
  event_capacity_too_big: 'errors.eventCapacityTooBig',
  event_visit_group_too_big: 'errors.eventVisitGroupTooBig',
  events_capacity_positive: 'errors.eventCapacityTooBig',
  settings_event_bounds_invalid: 'errors.settingsEventBoundsInvalid',
  coalition_not_yours: 'errors.notAllowed',
  hide_target_unknown: 'errors.notAllowed',
  event_cancel_reason_too_short: 'moderation.errors.reasonTooShort',
  event_not_found: 'errors.notFound',
  initiative_not_found: 'errors.notFound',
  signup_not_found: 'errors.notFound',
  event_not_started: 'errors.notAllowed',
  event_not_yours: 'errors.notAllowed',
  initiative_not_yours: 'errors.notAllowed',
  event_initiative_not_yours: 'errors.notAllowed',
  initiative_idea_not_visible: 'errors.notAllowed',
  initiative_needs_initiative_idea: 'errors.notAllowed',
  event_addresses_length: 'errors.tooLong',
  events_access_notes_length: 'errors.tooLong',
  events_description_length: 'errors.tooLong',
  events_place_length: 'errors.tooLong',
  events_title_length: 'errors.tooLong',
  initiatives_description_length: 'errors.tooLong',
  initiatives_meets_length: 'errors.tooLong',
  initiatives_name_length: 'errors.tooLong',
  events_cancel_reason: 'errors.notAllowed',
  events_capacity_range: 'errors.notAllowed',
  events_counts: 'errors.notAllowed',
  events_hidden_reason: 'errors.notAllowed',
  events_languages: 'errors.notAllowed',
  events_location_pair: 'errors.notAllowed',
  events_visit_small_group: 'errors.notAllowed',
  initiatives_hidden_reason: 'errors.notAllowed',
  initiatives_location_pair: 'errors.notAllowed',
  'rate_limited: events': 'errors.limitEvents',
  'rate_limited: initiatives': 'errors.limitInitiatives',
  // A message to an organiser through Emmer (contact_organisers_through_emmer.sql).
  contact_message_too_short: 'errors.contactLength',
  contact_message_too_long: 'errors.contactLength',
  contact_messages_body_length: 'errors.contactLength',
  contact_self: 'errors.contactSelf',
  contact_messages_not_to_self: 'errors.contactSelf',
  contact_target_not_found: 'errors.notFound',
  contact_target_missing: 'errors.notAllowed',
  contact_messages_one_target: 'errors.notAllowed',
  contact_message_not_yours: 'errors.notAllowed',
  'rate_limited: contact_messages': 'errors.limitContactMessages',
  // The team's queue (team_queue) is the team's only.
  not_team: 'errors.notAllowed',
  queue_filter_invalid: 'errors.notAllowed',
  // Inviting a moderator or a partner contact (invite_team_members.sql, POST /invite), and the
  // keys the Edge Function invite-team-member answers with itself.
  already_has_account: 'errors.emailTaken',
  invalid_email: 'errors.emailInvalid',
  invite_organisation_mismatch: 'errors.inviteNeedsOrganisation',
  invite_role_not_allowed: 'errors.notAllowed',
  team_invitations_partner_needs_organisation: 'errors.inviteNeedsOrganisation',
  invite_mail_failed: 'errors.inviteMailFailed',
  invite_failed: 'errors.unknown',
  invalid_request: 'errors.unknown',
  // Reading in one's own language (translate_texts.sql, and the Edge Function translate).
  'rate_limited: translations': 'errors.limitTranslations',
  translation_not_found: 'errors.notFound',
  translation_language_unknown: 'errors.notAllowed',
  translation_field_unknown: 'errors.notAllowed',
  translation_unavailable: 'errors.translationUnavailable',
  translation_failed: 'errors.translationFailed',
  ideas_language_known: 'errors.notAllowed',
  comments_language_known: 'errors.notAllowed',
  idea_updates_language_known: 'errors.notAllowed',
  translations_field_known: 'errors.notAllowed',
  translations_target_known: 'errors.notAllowed',
  translations_source_known: 'errors.notAllowed',
  translations_text_length: 'errors.tooLong',
  translations_provider_known: 'errors.notAllowed',
  // The team's follow-up (follow_up_ideas.sql).
  assignee_not_team: 'moderation.errors.assigneeNotTeam',
  ideas_location_pair: 'errors.notAllowed',
  comments_not_own_parent: 'errors.notAllowed',
  follows_one_target: 'errors.notAllowed',
  reports_one_target: 'errors.notAllowed',
  profiles_partner_needs_organisation: 'errors.notAllowed',
  profiles_display_name_check: 'errors.tooLong',
  profiles_locale_check: 'errors.notAllowed',
  coalitions_name_check: 'errors.tooLong',
  coalitions_description_check: 'errors.tooLong',
  partner_requests_message_check: 'errors.tooLong',
  digest_settings_frequency_check: 'errors.notAllowed',
  themes_slug_check: 'errors.notAllowed',
  ideas_vote_count_check: 'errors.notAllowed',
  ideas_comment_count_check: 'errors.notAllowed',
  neighbourhoods_slug_check: 'errors.notAllowed',
  neighbourhoods_name_check: 'errors.tooLong',
  neighbourhoods_district_check: 'errors.tooLong',
  neighbourhoods_cbs_code_check: 'errors.notAllowed',
  organisations_name_check: 'errors.tooLong',
  organisations_slug_check: 'errors.notAllowed',
  organisations_kind_check: 'errors.notAllowed',
  /*
   * The database trims texts (private.clean_text), and a text of only spaces becomes null: then
   * a not-null constraint refuses it. Postgres 17 gives those no name in its message; the key is
   * the name Postgres 18 gives them, `<table>_<column>_not_null`.
   */
  ideas_title_not_null: 'errors.titleTooShort',
  ideas_body_not_null: 'errors.bodyTooShort',
  comments_body_not_null: 'errors.bodyTooShort',
  reports_reason_not_null: 'report.reasonTooShort',
} as const satisfies Record<string, ErrorTextKey>

export type DatabaseKey = keyof typeof DATABASE_KEYS
