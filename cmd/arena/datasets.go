package main

import (
	"context"
	"io"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/dataset"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// datasets serves exports from the store and releases from a directory, for the web
// layer, which knows neither.
type datasets struct {
	db          *sqlstore.DB
	releasesDir string
}

var _ arena.Datasets = datasets{}

func (d datasets) Format(format string) (string, string, error) {
	if err := dataset.ValidFormat(format); err != nil {
		return "", "", err
	}
	return dataset.ContentType(format), dataset.FileExtension(format), nil
}

func (d datasets) Export(ctx context.Context, w io.Writer, format string, f arena.ExportFilter) (int64, error) {
	return dataset.Export(ctx, d.db, format, f, w, dataset.ExportOptions{})
}

func (d datasets) Releases() ([]arena.DatasetRelease, error) {
	if d.releasesDir == "" {
		return nil, nil
	}
	rs, err := dataset.ListReleases(d.releasesDir)
	if err != nil {
		return nil, err
	}
	out := make([]arena.DatasetRelease, 0, len(rs))
	for _, r := range rs {
		dr := arena.DatasetRelease{Name: r.Name, CreatedAt: r.CreatedAt, From: r.From, To: r.To, Battles: r.Battles, License: r.License}
		for _, f := range r.Files {
			dr.Files = append(dr.Files, arena.DatasetFile{Path: f.Path, Format: f.Format, Rows: f.Rows, Bytes: f.Bytes, SHA256: f.SHA256})
		}
		out = append(out, dr)
	}
	return out, nil
}

func (d datasets) ReleaseFile(release, file string) (string, error) {
	if d.releasesDir == "" {
		return "", arena.Errorf(arena.ENOTFOUND, "This arena publishes no releases.")
	}
	return dataset.ReleaseFilePath(d.releasesDir, release, file)
}
