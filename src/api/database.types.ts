// PLACEHOLDER until the database engineer generates this file from the schema
// (`supabase gen types typescript`). It follows DESIGN.md §3 (the data contract) and will be
// overwritten; do not add app logic here.
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

type Table<Row> = {
  Row: Row
  Insert: Partial<Row>
  Update: Partial<Row>
  Relationships: []
}

export type IdeaStatus =
  | 'new'
  | 'in_review'
  | 'in_coalition'
  | 'in_progress'
  | 'done'
  | 'not_feasible'
  | 'merged'
export type IdeaKind = 'idea' | 'initiative' | 'question'
export type NotificationKind = 'new_idea_in_neighbourhood' | 'new_comment' | 'status_update'
export type ProfileRole = 'resident' | 'partner' | 'moderator' | 'admin'

export type Database = {
  public: {
    Tables: {
      neighbourhoods: Table<{
        id: string
        slug: string
        name: string
        district: string
        cbs_code: string | null
      }>
      themes: Table<{ id: string; slug: string; position: number }>
      organisations: Table<{ id: string; name: string; slug: string }>
      profiles: Table<{
        id: string
        display_name: string
        role: ProfileRole
        organisation_id: string | null
        neighbourhood_id: string | null
        locale: string | null
        created_at: string
      }>
      ideas: Table<{
        id: string
        author_id: string | null
        title: string
        body: string
        kind: IdeaKind
        theme_id: string
        neighbourhood_id: string
        status: IdeaStatus
        coalition_id: string | null
        vote_count: number
        comment_count: number
        merged_into_id: string | null
        hidden_at: string | null
        lat: number | null
        lng: number | null
        search: unknown
        created_at: string
        updated_at: string
      }>
      votes: Table<{ idea_id: string; user_id: string; created_at: string }>
      comments: Table<{
        id: string
        idea_id: string
        author_id: string | null
        parent_id: string | null
        body: string
        hidden_at: string | null
        hidden_reason: string | null
        created_at: string
      }>
      idea_updates: Table<{
        id: string
        idea_id: string
        status: IdeaStatus
        message: string
        author_id: string | null
        created_at: string
      }>
      coalitions: Table<{
        id: string
        name: string
        description: string
        theme_id: string | null
        created_at: string
      }>
      coalition_members: Table<{
        coalition_id: string
        profile_id: string
        member_kind: 'resident' | 'partner'
      }>
      follows: Table<{
        id: string
        user_id: string
        idea_id: string | null
        neighbourhood_id: string | null
        created_at: string
      }>
      notifications: Table<{
        id: string
        user_id: string
        kind: NotificationKind
        idea_id: string | null
        comment_id: string | null
        read_at: string | null
        created_at: string
      }>
      reports: Table<{
        id: string
        reporter_id: string
        idea_id: string | null
        comment_id: string | null
        reason: string
        resolved_at: string | null
        created_at: string
      }>
    }
    Views: { [_ in never]: never }
    Functions: {
      similar_ideas: {
        Args: { draft_title: string; neighbourhood?: string | null; max?: number }
        Returns: {
          id: string
          title: string
          status: IdeaStatus
          neighbourhood_id: string
          vote_count: number
          similarity: number
        }[]
      }
      submit_idea: {
        Args: {
          id: string
          title: string
          body: string
          kind: IdeaKind
          theme_id: string
          neighbourhood_id: string
          lat?: number | null
          lng?: number | null
        }
        Returns: Database['public']['Tables']['ideas']['Row']
      }
      my_profile: {
        Args: Record<string, never>
        Returns: Database['public']['Tables']['profiles']['Row'][]
      }
      export_my_data: { Args: Record<string, never>; Returns: Json }
      delete_my_account: { Args: Record<string, never>; Returns: undefined }
    }
    Enums: {
      idea_status: IdeaStatus
      idea_kind: IdeaKind
      app_role: ProfileRole
      notification_kind: NotificationKind
    }
    CompositeTypes: { [_ in never]: never }
  }
}
