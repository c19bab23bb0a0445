package dataset

import (
	"context"
	"io"
	"path/filepath"

	"github.com/arena-dev/arena/arena"
)

// Service serves preference data to the web layer: exports streamed from a store and
// the releases published in a directory.
type Service struct {
	src           RowSource
	releasesDir   string
	serveInternal bool
	images        ImageSource
	imageURL      string
}

var _ arena.Datasets = (*Service)(nil)

// NewService serves exports from src and the releases in releasesDir; an empty
// releasesDir publishes none. An internal release (see DatasetRelease.IsInternal) is
// served only with serveInternal: it holds battles their voters never agreed to publish.
func NewService(src RowSource, releasesDir string, serveInternal bool) *Service {
	return &Service{src: src, releasesDir: releasesDir, serveInternal: serveInternal}
}

// WithImages has the exports read the prompts' images from src: Parquet carries their
// bytes, and JSON Lines references each as url followed by its SHA-256 (the path the
// server serves it at).
func (s *Service) WithImages(src ImageSource, url string) *Service {
	s.images, s.imageURL = src, url
	return s
}

// Format returns the content type and file extension of an export format.
func (s *Service) Format(format string) (string, string, error) {
	if err := ValidFormat(format); err != nil {
		return "", "", err
	}
	return ContentType(format), FileExtension(format), nil
}

// Export streams the battles f selects to w in format, contents in the given form,
// with a judge_hash salt of its own, and returns the rows written.
func (s *Service) Export(ctx context.Context, w io.Writer, format string, f arena.ExportFilter, content arena.ExportContent) (int64, error) {
	return Export(ctx, s.src, format, f, w, ExportOptions{Content: content, Images: s.images, ImageURL: s.imageURL})
}

// Releases lists the published releases, newest first.
func (s *Service) Releases() ([]arena.DatasetRelease, error) {
	if s.releasesDir == "" {
		return nil, nil
	}
	all, err := ListReleases(s.releasesDir)
	if err != nil || s.serveInternal {
		return all, err
	}
	var out []arena.DatasetRelease
	for _, r := range all {
		if !r.IsInternal() {
			out = append(out, r)
		}
	}
	return out, nil
}

// ReleaseFile returns the path of one file of a release (see ReleaseFilePath).
func (s *Service) ReleaseFile(release, file string) (string, error) {
	if s.releasesDir == "" {
		return "", arena.Errorf(arena.ENOTFOUND, "This arena publishes no releases.")
	}
	if !s.serveInternal {
		if r, err := ReadRelease(filepath.Join(s.releasesDir, release)); err == nil && r.IsInternal() && ValidReleaseName(release) == nil {
			return "", arena.Errorf(arena.ENOTFOUND, "Release %s is internal (it holds battles not cleared for publication); this arena does not serve it.", release)
		}
	}
	return ReleaseFilePath(s.releasesDir, release, file)
}
