package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/images"
)

var _ arena.ImageStore = (*DB)(nil)

// PutImages stores images under their SHA-256s; one already stored is the same bytes.
func (db *DB) PutImages(ctx context.Context, ims []images.Image, now time.Time) (err error) {
	defer wrap(&err, "PutImages")
	if len(ims) == 0 {
		return nil
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, im := range ims {
			if _, err := tx.ExecContext(ctx, `INSERT INTO images (sha256, mime, width, height, data, created_at)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING`,
				im.SHA256, im.MIME, im.Width, im.Height, im.Data, ms(now)); err != nil {
				return err
			}
		}
		return nil
	})
}

// Image returns a stored image by its SHA-256.
func (db *DB) Image(ctx context.Context, sha256 string) (_ *images.Image, err error) {
	defer wrap(&err, "Image")
	im := images.Image{SHA256: sha256}
	err = db.read.QueryRowContext(ctx, `SELECT mime, width, height, data FROM images WHERE sha256 = ?`, sha256).
		Scan(&im.MIME, &im.Width, &im.Height, &im.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, arena.Errorf(arena.ENOTFOUND, "No image is stored as %s.", sha256)
	} else if err != nil {
		return nil, err
	}
	return &im, nil
}
