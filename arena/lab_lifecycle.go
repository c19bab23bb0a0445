package arena

import (
	"context"
	"strings"
)

// UpdateEndpoint changes a pending model's endpoint (base URL and the provider's model
// id) and checks it again with a real call, so a registration whose check failed can be
// fixed instead of staying pending for ever. Any member of the model's lab may, as they
// may replace its key. An approved model keeps the endpoint an administrator approved:
// changing it would put a different model behind the name without review, so a new
// endpoint is a new variant that waits for approval again (EditModel).
func (l *Labs) UpdateEndpoint(ctx context.Context, actor *User, id int64, baseURL, modelID string) (EndpointCheck, error) {
	m, _, err := l.Model(ctx, actor, id)
	if err != nil {
		return EndpointCheck{}, err
	}
	if m.LabID == 0 {
		return EndpointCheck{}, Errorf(EINVALID, "This model is configured by the operator: use arena models set.")
	}
	if m.Status != ModelPending {
		return EndpointCheck{}, Errorf(ECONFLICT, "Only a pending model's endpoint can be changed; this one is %s. An approved model's endpoint changes with its settings, as a new variant.", m.Status)
	}
	next := m.Model
	next.BaseURL, next.ModelID = strings.TrimSpace(baseURL), strings.TrimSpace(modelID)
	if next.ModelID == "" {
		next.ModelID = m.ModelID
	}
	if err := ValidateModel(&next); err != nil {
		return EndpointCheck{}, err
	}
	if err := l.checkURL(ctx, next.BaseURL); err != nil {
		return EndpointCheck{}, err
	}
	if err := l.ModelStore.SetModelEndpoint(ctx, id, next.BaseURL, next.ModelID, l.Clock.Now()); err != nil {
		return EndpointCheck{}, err
	}
	m.Model = next
	return l.check(ctx, m), nil
}

// freeName lets a lab register a model under the name of one of its retired models
// that no battle ever drew (a registration that never worked, say): the retired model
// is renamed name@retired-DATE (the day it was retired) and keeps everything else. A retired model that was in
// battles keeps its name, since votes, snapshots and datasets name it.
func (l *Labs) freeName(ctx context.Context, name string, labID int64) error {
	_, err := l.ModelStore.FreeRetiredName(ctx, name, labID, l.Clock.Now())
	return err
}
