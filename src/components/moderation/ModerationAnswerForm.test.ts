import { describe, expect, it } from 'vitest'
import { screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { renderWithApp } from '@/testing/render'
import ModerationAnswerForm from './ModerationAnswerForm.vue'

const UNFINISHED = 'Je bericht is nog niet af. Vul de puntjes (…) in met je eigen woorden.'

const coalitions = [{ id: 'c1', name: 'Groen Woensel', description: '', theme_id: null }]

describe('ModerationAnswerForm', () => {
  it('requires a message and sends nothing without one', async () => {
    const { emitted } = await renderWithApp(ModerationAnswerForm, {
      props: { current: 'new', coalitions },
    })
    await userEvent.click(screen.getByRole('button', { name: 'Zet het antwoord online' }))
    expect(screen.getByText('Schrijf een bericht voor de bewoners.')).toBeTruthy()
    expect(screen.getByLabelText('Je bericht aan de bewoners').getAttribute('aria-invalid')).toBe(
      'true',
    )
    expect(emitted().submit).toBeUndefined()
  })

  it('fills the template for the chosen status, which the moderator adapts, and asks for a coalition', async () => {
    const { emitted } = await renderWithApp(ModerationAnswerForm, {
      props: { current: 'new', coalitions },
    })
    await userEvent.selectOptions(
      screen.getByLabelText('Wat gebeurt er met het idee?'),
      'in_coalition',
    )
    await userEvent.click(screen.getByRole('button', { name: 'Zet het antwoord online' }))
    expect(screen.getByText('Kies een coalitie.')).toBeTruthy()

    await userEvent.selectOptions(
      screen.getByLabelText('Welke coalitie gaat ermee aan de slag?'),
      'c1',
    )
    await userEvent.click(screen.getByRole('button', { name: 'Gebruik een voorbeeldtekst' }))
    const message = screen.getByLabelText('Je bericht aan de bewoners') as HTMLTextAreaElement
    expect(message.value).toContain('De coalitie Groen Woensel gaat ermee aan de slag.')
    await userEvent.type(message, ' Eerste overleg is in mei.')
    await userEvent.click(screen.getByRole('button', { name: 'Zet het antwoord online' }))
    expect(emitted().submit[0]).toEqual([
      {
        status: 'in_coalition',
        coalitionId: 'c1',
        message: expect.stringMatching(/Groen Woensel.*Eerste overleg is in mei\.$/s),
      },
    ])
  })

  it('shows the same B1 readability hint residents get', async () => {
    await renderWithApp(ModerationAnswerForm, { props: { current: 'in_review', coalitions } })
    await userEvent.type(
      screen.getByLabelText('Je bericht aan de bewoners'),
      'Naar aanleiding van de door u ingediende suggestie betreffende de herinrichting van de openbare ruimte wordt thans een haalbaarheidsonderzoek uitgevoerd door de gemeentelijke organisatie.',
    )
    await waitFor(() => expect(screen.getByText(/Lastig te lezen/)).toBeTruthy(), { timeout: 2000 })
    expect(screen.getByText(/Je langste zin heeft \d+ woorden/)).toBeTruthy()
  })

  it('refuses the template while its blanks (…) are not filled in, and sends it once they are', async () => {
    const { emitted } = await renderWithApp(ModerationAnswerForm, {
      props: { current: 'in_review', coalitions },
    })
    await userEvent.selectOptions(
      screen.getByLabelText('Wat gebeurt er met het idee?'),
      'not_feasible',
    )
    await userEvent.click(screen.getByRole('button', { name: 'Gebruik een voorbeeldtekst' }))
    const message = screen.getByLabelText('Je bericht aan de bewoners') as HTMLTextAreaElement
    expect(message.value).toBe('Dit lukt nu niet. De reden is: … We nemen je idee wel mee in …')
    await userEvent.click(screen.getByRole('button', { name: 'Zet het antwoord online' }))
    expect(screen.getByText(UNFINISHED)).toBeTruthy()
    expect(message.getAttribute('aria-invalid')).toBe('true')
    expect(emitted().submit).toBeUndefined()

    // One blank filled, one left: still not finished.
    await userEvent.clear(message)
    await userEvent.type(
      message,
      'Dit lukt nu niet. De reden is: de grond is van de gemeente. We nemen je idee wel mee in …',
    )
    await userEvent.click(screen.getByRole('button', { name: 'Zet het antwoord online' }))
    expect(screen.getByText(UNFINISHED)).toBeTruthy()
    expect(emitted().submit).toBeUndefined()

    await userEvent.clear(message)
    const filled =
      'Dit lukt nu niet. De reden is: de grond is van de gemeente. We nemen je idee wel mee in het plan voor de weg.'
    await userEvent.type(message, filled)
    await userEvent.click(screen.getByRole('button', { name: 'Zet het antwoord online' }))
    expect(screen.queryByText(UNFINISHED)).toBeNull()
    expect(emitted().submit[0]).toEqual([
      { status: 'not_feasible', coalitionId: null, message: filled },
    ])
  })

  it('says the same when the database refuses an unfinished answer (update_message_unfinished)', async () => {
    await renderWithApp(ModerationAnswerForm, {
      props: {
        current: 'in_review',
        coalitions,
        error: { code: 'P0001', message: 'update_message_unfinished' },
      },
    })
    expect(screen.getByTestId('moderation-error').textContent).toBe(UNFINISHED)
  })
})
