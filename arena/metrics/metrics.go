// Package metrics counts what the arena's services do, in Prometheus metrics: the
// arena.Observer that arena/app gives the battle, labs, leaderboard and settlement
// services. The HTTP request metrics live with the server, in arena/web.
package metrics

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/arena-dev/arena/arena"
)

// MaxModels bounds the model label: the first MaxModels models seen get their own
// series, the rest share "other", so labs registering models cannot grow the metrics
// without end.
const MaxModels = 200

// Metrics implements arena.Observer on a Prometheus registry.
type Metrics struct {
	started     prometheus.Counter
	turns       *prometheus.CounterVec
	votes       *prometheus.CounterVec
	answers     *prometheus.CounterVec
	firstToken  *prometheus.HistogramVec
	duration    *prometheus.HistogramVec
	pauses      *prometheus.CounterVec
	boards      *prometheus.HistogramVec
	settlements *prometheus.CounterVec

	mu     sync.Mutex
	models map[string]bool
}

var _ arena.Observer = (*Metrics)(nil)

// New registers the arena's metrics on reg.
func New(reg prometheus.Registerer) *Metrics {
	secs := []float64{.05, .1, .25, .5, 1, 2, 4, 8, 15, 30, 60, 120, 300}
	m := &Metrics{
		started: prometheus.NewCounter(prometheus.CounterOpts{Name: "arena_battles_started_total", Help: "Battles whose answers began streaming."}),
		turns: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "arena_battle_turns_total",
			Help: "Battle turns whose answers are both in, by outcome: ready, failed, or interrupted by the server's stop."}, []string{"status"}),
		votes: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "arena_votes_total",
			Help: "Votes recorded, by outcome and whether they count in the leaderboards."}, []string{"winner", "counted"}),
		answers: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "arena_answers_total",
			Help: "Answers ended, by model and outcome: ok, timeout, interrupted (by the server's stop, not the model's failure), empty, or the error's code."}, []string{"model", "outcome"}),
		firstToken: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "arena_answer_first_token_seconds",
			Help: "Time from a provider call to its first text, by model.", Buckets: secs}, []string{"model"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "arena_answer_duration_seconds",
			Help: "Whole duration of a provider call, by model.", Buckets: secs}, []string{"model"}),
		pauses: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "arena_model_pauses_total",
			Help: "Models paused automatically for failing, by model."}, []string{"model"}),
		boards: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "arena_leaderboard_compute_seconds",
			Help: "Leaderboard computations, by kind (fit, bootstrap).", Buckets: []float64{.001, .005, .01, .05, .1, .5, 1, 5, 30}}, []string{"kind"}),
		settlements: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "arena_settlement_steps_total",
			Help: "Settlement steps reached, by step."}, []string{"step"}),
		models: map[string]bool{},
	}
	reg.MustRegister(m.started, m.turns, m.votes, m.answers, m.firstToken, m.duration, m.pauses, m.boards, m.settlements)
	return m
}

// model is the label of model name: itself among the first MaxModels seen, else "other".
func (m *Metrics) model(name string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.models[name] {
		return name
	}
	if len(m.models) >= MaxModels {
		return "other"
	}
	m.models[name] = true
	return name
}

// BattleStarted counts a battle.
func (m *Metrics) BattleStarted() { m.started.Inc() }

// TurnEnded counts a turn by outcome.
func (m *Metrics) TurnEnded(outcome string) { m.turns.WithLabelValues(outcome).Inc() }

// VoteRecorded counts a vote.
func (m *Metrics) VoteRecorded(w arena.Winner, counted bool) {
	c := "false"
	if counted {
		c = "true"
	}
	m.votes.WithLabelValues(string(w), c).Inc()
}

// AnswerEnded counts an answer and, if text came, times it.
func (m *Metrics) AnswerEnded(model, outcome string, firstToken, total time.Duration) {
	label := m.model(model)
	m.answers.WithLabelValues(label, outcome).Inc()
	if firstToken > 0 {
		m.firstToken.WithLabelValues(label).Observe(firstToken.Seconds())
	}
	if total > 0 {
		m.duration.WithLabelValues(label).Observe(total.Seconds())
	}
}

// ModelPaused counts an automatic pause.
func (m *Metrics) ModelPaused(model string) { m.pauses.WithLabelValues(m.model(model)).Inc() }

// BoardComputed times a leaderboard computation.
func (m *Metrics) BoardComputed(kind string, d time.Duration) {
	m.boards.WithLabelValues(kind).Observe(d.Seconds())
}

// SettlementStep counts a settlement step.
func (m *Metrics) SettlementStep(step string) { m.settlements.WithLabelValues(step).Inc() }
