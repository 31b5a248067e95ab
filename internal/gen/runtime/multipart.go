//go:build ignore

// Form bodies (formData parameters), which the SDK's own document does not
// have: generated code for an operation with them calls newMultipartForm,
// and internal/gen copies this file into its package.

//gen:provides newMultipartForm (*multipartForm).field (*multipartForm).file (*multipartForm).finish

package tiledbcloud

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
)

// multipartForm builds the multipart/form-data body of an operation with
// formData parameters. The body is kept in memory, so that the call can be
// retried like any other; the first error is kept and returned by finish.
type multipartForm struct {
	buf bytes.Buffer
	w   *multipart.Writer
	err error
}

func newMultipartForm() *multipartForm {
	f := new(multipartForm)
	f.w = multipart.NewWriter(&f.buf)
	return f
}

// field adds a text field.
func (f *multipartForm) field(name, value string) {
	if f.err == nil {
		f.err = f.w.WriteField(name, value)
	}
}

// file adds a file field read from r.
func (f *multipartForm) file(name string, r io.Reader) {
	if f.err != nil {
		return
	}
	if r == nil {
		f.err = errors.New("the file " + name + " is a nil io.Reader")
		return
	}
	part, err := f.w.CreateFormFile(name, name)
	if err == nil {
		_, err = io.Copy(part, r)
	}
	if err != nil {
		f.err = errors.New("cannot read the file " + name + ": " + err.Error())
	}
}

// finish returns the body and its Content-Type, with the boundary.
func (f *multipartForm) finish() ([]byte, string, error) {
	if f.err == nil {
		f.err = f.w.Close()
	}
	if f.err != nil {
		return nil, "", f.err
	}
	return f.buf.Bytes(), f.w.FormDataContentType(), nil
}
