import { PLAN_IDS, PLANS, type PlanId } from '../../../shared/plans/catalog.ts'
import { formatCents } from '../../../shared/plans/formatMoney.ts'

const sessionsText = (count: number) => `${count} ${count === 1 ? 'session' : 'sessions'}`

/** The catalog's plans as one radio group, so exactly one is chosen and the choice is one value. */
export function PlanPicker({ chosen, onChoose, disabled }: { chosen: PlanId | undefined; onChoose: (plan: PlanId) => void; disabled: boolean }) {
  return (
    <fieldset className="plan-picker" disabled={disabled}>
      <legend>Plans</legend>
      {PLAN_IDS.map((id) => {
        const plan = PLANS[id]
        const price = formatCents(plan.priceCents, plan.currency)
        return (
          <label key={id} className={chosen === id ? 'plan-option chosen' : 'plan-option'}>
            <input type="radio" name="plan" value={id} checked={chosen === id} onChange={() => onChoose(id)} />
            <span className="plan-name">{plan.name}</span>
            <span className="plan-price">{price}</span>
            <span className="plan-sessions">{sessionsText(plan.sessions)}</span>
            <span className="muted">{plan.description}</span>
          </label>
        )
      })}
    </fieldset>
  )
}
