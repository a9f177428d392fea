import type { Database } from './database.types'

// Short names for the generated enum types, so app code never edits the generated file.
export type IdeaStatus = Database['public']['Enums']['idea_status']
export type IdeaKind = Database['public']['Enums']['idea_kind']
export type IdeaChannel = Database['public']['Enums']['idea_channel']
export type NotificationKind = Database['public']['Enums']['notification_kind']
export type ProfileRole = Database['public']['Enums']['app_role']
export type MemberKind = Database['public']['Enums']['member_kind']
export type PartnerRequestStatus = Database['public']['Enums']['partner_request_status']
