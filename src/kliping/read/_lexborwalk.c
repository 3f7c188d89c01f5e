/* The DOM walk of read/html.py (html_lines) in C: the same lines, the same line context and the
 * same element numbering, from lexbor's tree as selectolax parsed it.
 *
 * Why by hand: the walk visits every node of a page (~1,200 on an html-bench page) and in Python
 * it cost ~1.8 ms a page, a fifth of HTML extraction; no library walks a lexbor tree into lines
 * with this context. The Python walk in read/html.py stays the reference (tests compare both on
 * every fixture) and the fallback where this module is not built.
 *
 * lexbor's functions are not linked in: they are looked up by name (dlsym) in selectolax's own
 * extension module, which exports lexbor's public API; only opaque node pointers cross (a node's
 * address is selectolax's `mem_id`). The functions used are lexbor's public accessors, whose
 * signatures are lexbor's documented API. If any is missing, bind() fails and kliping uses the
 * Python walk. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <dlfcn.h>
#include <string.h>

typedef unsigned char lchar;

static void *(*lx_first_child)(void *node);
static void *(*lx_next)(void *node);
static void *(*lx_parent)(void *node);
static int (*lx_type)(void *node);
static const lchar *(*lx_qualified_name)(void *element, size_t *len);
static const lchar *(*lx_get_attribute)(void *element, const lchar *name, size_t name_len, size_t *value_len);
static lchar *(*lx_text_content)(void *node, size_t *len);
static void *(*lx_destroy_text)(void *document, lchar *text);
static int bound = 0;

#define NODE_ELEMENT 1 /* DOM node types (the DOM standard's numbers, which lexbor uses) */
#define NODE_TEXT 3
#define CTX_FRAMES 6   /* what a line keeps of where it starts: the six innermost open elements */

static PyObject *bind(PyObject *self, PyObject *args) {
    const char *path;
    if (!PyArg_ParseTuple(args, "s", &path))
        return NULL;
    void *h = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
    if (!h)
        h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        PyErr_Format(PyExc_ImportError, "cannot open %s: %s", path, dlerror());
        return NULL;
    }
#define LOOKUP(var, name)                                                              \
    *(void **)(&var) = dlsym(h, name);                                                 \
    if (!var) {                                                                        \
        PyErr_Format(PyExc_ImportError, "%s does not export %s", path, name);          \
        return NULL;                                                                   \
    }
    LOOKUP(lx_first_child, "lxb_dom_node_first_child_noi");
    LOOKUP(lx_next, "lxb_dom_node_next_noi");
    LOOKUP(lx_parent, "lxb_dom_node_parent_noi");
    LOOKUP(lx_type, "lxb_dom_node_type_noi");
    LOOKUP(lx_qualified_name, "lxb_dom_element_qualified_name");
    LOOKUP(lx_get_attribute, "lxb_dom_element_get_attribute");
    LOOKUP(lx_text_content, "lxb_dom_node_text_content");
    LOOKUP(lx_destroy_text, "lxb_dom_document_destroy_text_noi");
#undef LOOKUP
    bound = 1;
    Py_RETURN_NONE;
}

/* An open element. Its Python objects are borrowed: `keep` holds them until the walk ends. */
typedef struct {
    PyObject *tag, *own, *cues, *blk_tag;
    int link, block;
    Py_ssize_t eid, depth;
} Frame;

typedef struct {
    Frame *stack;
    Py_ssize_t n, cap;
    Frame ctx[CTX_FRAMES]; /* the open elements where the current line started */
    int ctx_n;             /* 0: no line is open */
    Py_ssize_t link;       /* link characters of the open line */
    PyObject *buf;         /* text pieces of the open line */
    PyObject *texts, *lines, *keep, *empty, *space, *nothing;
    Py_ssize_t *parent, *bparent, *end;
    char *is_block;
    Py_ssize_t elems, elem_cap;
} Walk;

static int keep(Walk *w, PyObject *o) { /* steals o into w->keep; 0 on success */
    if (!o)
        return -1;
    int r = PyList_Append(w->keep, o);
    Py_DECREF(o);
    return r;
}

static int push(Walk *w, Frame f) {
    if (w->n == w->cap) {
        Py_ssize_t cap = w->cap * 2;
        Frame *s = PyMem_Realloc(w->stack, cap * sizeof(Frame));
        if (!s) {
            PyErr_NoMemory();
            return -1;
        }
        w->stack = s;
        w->cap = cap;
    }
    w->stack[w->n++] = f;
    return 0;
}

static int add_element(Walk *w, Py_ssize_t parent, Py_ssize_t bparent, int block) {
    if (w->elems == w->elem_cap) {
        Py_ssize_t cap = w->elem_cap * 2;
        Py_ssize_t *p = PyMem_Realloc(w->parent, cap * sizeof(Py_ssize_t));
        if (!p)
            goto oom;
        w->parent = p;
        p = PyMem_Realloc(w->bparent, cap * sizeof(Py_ssize_t));
        if (!p)
            goto oom;
        w->bparent = p;
        p = PyMem_Realloc(w->end, cap * sizeof(Py_ssize_t));
        if (!p)
            goto oom;
        w->end = p;
        char *b = PyMem_Realloc(w->is_block, cap);
        if (!b)
            goto oom;
        w->is_block = b;
        w->elem_cap = cap;
    }
    w->parent[w->elems] = parent;
    w->bparent[w->elems] = bparent;
    w->end[w->elems] = w->elems;
    w->is_block[w->elems] = (char)block;
    w->elems++;
    return 0;
oom:
    PyErr_NoMemory();
    return -1;
}

/* End the open line: its text with runs of whitespace made one space (" ".join(s.split())),
 * and its context, as read/html.py's flush() makes them. */
static int flush(Walk *w) {
    PyObject *joined = NULL, *parts = NULL, *text = NULL, *near = NULL, *path = NULL, *line = NULL;
    int r = -1;
    joined = PyUnicode_Join(w->nothing, w->buf);
    if (!joined || PyList_SetSlice(w->buf, 0, PyList_GET_SIZE(w->buf), NULL) < 0)
        goto done;
    parts = PyUnicode_Split(joined, NULL, -1);
    if (!parts)
        goto done;
    text = PyUnicode_Join(w->space, parts);
    if (!text)
        goto done;
    Py_ssize_t chars = PyUnicode_GET_LENGTH(text);
    if (chars) {
        Frame *inner = &w->ctx[w->ctx_n - 1];
        near = Py_NewRef(w->empty);
        for (int i = w->ctx_n > 3 ? w->ctx_n - 3 : 0; i < w->ctx_n; i++) {
            if (PySet_GET_SIZE(w->ctx[i].own)) {
                PyObject *u = PyNumber_Or(near, w->ctx[i].own);
                Py_DECREF(near);
                near = u;
                if (!near)
                    goto done;
            }
        }
        path = PyTuple_New(w->ctx_n);
        if (!path)
            goto done;
        for (int i = 0; i < w->ctx_n; i++)
            PyTuple_SET_ITEM(path, i, Py_NewRef(w->ctx[w->ctx_n - 1 - i].tag));
        line = Py_BuildValue("(OOOOnnnn)", inner->blk_tag, path, inner->cues, near, chars,
                             w->link < chars ? w->link : chars, inner->depth, inner->eid);
        if (!line || PyList_Append(w->texts, text) < 0 || PyList_Append(w->lines, line) < 0)
            goto done;
    }
    r = 0;
done:
    Py_XDECREF(joined);
    Py_XDECREF(parts);
    Py_XDECREF(text);
    Py_XDECREF(near);
    Py_XDECREF(path);
    Py_XDECREF(line);
    w->ctx_n = 0;
    w->link = 0;
    return r;
}

static int close_top(Walk *w) {
    Frame *f = &w->stack[--w->n];
    w->end[f->eid] = w->elems - 1;
    if (f->block && w->ctx_n)
        return flush(w);
    return 0;
}

static PyObject *decode(const lchar *s, size_t n) {
    return PyUnicode_DecodeUTF8((const char *)s, (Py_ssize_t)n, "replace"); /* as selectolax reads */
}

static int is_space_only(PyObject *t) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(t);
    int kind = PyUnicode_KIND(t);
    const void *data = PyUnicode_DATA(t);
    for (Py_ssize_t i = 0; i < n; i++)
        if (!Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)))
            return 0;
    return 1;
}

static Py_ssize_t stripped_length(PyObject *t) { /* len(t.strip()) */
    Py_ssize_t n = PyUnicode_GET_LENGTH(t), a = 0, b = n;
    int kind = PyUnicode_KIND(t);
    const void *data = PyUnicode_DATA(t);
    while (a < b && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, a)))
        a++;
    while (b > a && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, b - 1)))
        b--;
    return b - a;
}

static PyObject *attribute(void *el, const char *name, size_t len) { /* new ref, Py_None if absent or empty */
    size_t vlen = 0;
    const lchar *v = lx_get_attribute(el, (const lchar *)name, len, &vlen);
    if (!v || !vlen)
        return Py_NewRef(Py_None);
    return decode(v, vlen);
}

static int text_node(Walk *w, void *node, void *document) {
    size_t len = 0;
    lchar *raw = lx_text_content(node, &len);
    if (!raw)
        return 0;
    PyObject *t = len ? decode(raw, len) : NULL;
    lx_destroy_text(document, raw);
    if (!len)
        return 0;
    if (!t)
        return -1;
    if (!w->ctx_n) {
        if (is_space_only(t)) {
            Py_DECREF(t);
            return 0;
        }
        Py_ssize_t from = w->n > CTX_FRAMES ? w->n - CTX_FRAMES : 0;
        w->ctx_n = (int)(w->n - from);
        memcpy(w->ctx, w->stack + from, w->ctx_n * sizeof(Frame));
    }
    if (w->stack[w->n - 1].link)
        w->link += stripped_length(t);
    int r = PyList_Append(w->buf, t);
    Py_DECREF(t);
    return r;
}

/* 1: an element to descend into (its frame pushed), 0: nothing to descend into, -1: error */
static int element(Walk *w, void *node, PyObject *cues_of, PyObject *block_tags, PyObject *cell_tags) {
    size_t nlen = 0;
    const lchar *name = lx_qualified_name(node, &nlen);
    if (!name)
        return 0; /* (selectolax's tag is None here: the Python walk would stop on it) */
    if (nlen == 2 && name[0] == 'b' && name[1] == 'r') {
        if (w->ctx_n)
            return flush(w);
        return 0;
    }
    PyObject *tag = decode(name, nlen);
    if (keep(w, tag) < 0)
        return -1;
    Frame *top = &w->stack[w->n - 1];
    PyObject *own = w->empty;
    PyObject *cls = attribute(node, "class", 5);
    if (!cls)
        return -1;
    if (cls != Py_None) {
        own = PyObject_CallOneArg(cues_of, cls);
        if (keep(w, own) < 0) {
            Py_DECREF(cls);
            return -1;
        }
    }
    Py_DECREF(cls);
    PyObject *ident = attribute(node, "id", 2);
    if (!ident)
        return -1;
    if (ident != Py_None) {
        PyObject *more = PyObject_CallOneArg(cues_of, ident);
        Py_DECREF(ident);
        if (!more)
            return -1;
        own = PyNumber_Or(own, more);
        Py_DECREF(more);
        if (keep(w, own) < 0)
            return -1;
    } else {
        Py_DECREF(ident);
    }
    int block = PySet_Contains(block_tags, tag);
    if (block < 0)
        return -1;
    if (block && w->ctx_n) {
        if (flush(w) < 0)
            return -1;
    } else if (PyList_GET_SIZE(w->buf)) {
        int cell = PySet_Contains(cell_tags, tag);
        if (cell < 0 || (cell && PyList_Append(w->buf, w->space) < 0))
            return -1;
    }
    top = &w->stack[w->n - 1]; /* (flush does not move the stack; re-read for clarity) */
    Py_ssize_t eid = w->elems;
    if (add_element(w, top->eid, top->block ? top->eid : w->bparent[top->eid], block) < 0)
        return -1;
    PyObject *cues = top->cues;
    if (PySet_GET_SIZE(own)) {
        cues = PyNumber_Or(top->cues, own);
        if (keep(w, cues) < 0)
            return -1;
    }
    Frame f = {tag, own, cues, block ? tag : top->blk_tag,
               top->link || (nlen == 1 && name[0] == 'a'), block, eid, top->depth + 1};
    if (push(w, f) < 0)
        return -1;
    return 1;
}

static PyObject *list_of(const Py_ssize_t *v, Py_ssize_t n) {
    PyObject *l = PyList_New(n);
    for (Py_ssize_t i = 0; l && i < n; i++) {
        PyObject *x = PyLong_FromSsize_t(v[i]);
        if (!x) {
            Py_CLEAR(l);
            break;
        }
        PyList_SET_ITEM(l, i, x);
    }
    return l;
}

static PyObject *walk(PyObject *self, PyObject *args) {
    unsigned long long root_id, doc_id;
    PyObject *cues_of, *block_tags, *cell_tags, *empty;
    if (!PyArg_ParseTuple(args, "KKOO!O!O!", &root_id, &doc_id, &cues_of, &PyFrozenSet_Type, &block_tags,
                          &PyFrozenSet_Type, &cell_tags, &PyFrozenSet_Type, &empty))
        return NULL;
    if (!bound) {
        PyErr_SetString(PyExc_RuntimeError, "bind() was not called");
        return NULL;
    }
    void *root = (void *)(uintptr_t)root_id, *document = (void *)(uintptr_t)doc_id;
    PyObject *result = NULL, *body_tag = NULL;
    Walk w = {0};
    w.cap = 64;
    w.elem_cap = 256;
    w.stack = PyMem_Malloc(w.cap * sizeof(Frame));
    w.parent = PyMem_Malloc(w.elem_cap * sizeof(Py_ssize_t));
    w.bparent = PyMem_Malloc(w.elem_cap * sizeof(Py_ssize_t));
    w.end = PyMem_Malloc(w.elem_cap * sizeof(Py_ssize_t));
    w.is_block = PyMem_Malloc(w.elem_cap);
    w.buf = PyList_New(0);
    w.texts = PyList_New(0);
    w.lines = PyList_New(0);
    w.keep = PyList_New(0);
    w.empty = empty;
    w.space = PyUnicode_FromString(" ");
    w.nothing = PyUnicode_FromString("");
    body_tag = PyUnicode_FromString("body");
    if (!w.stack || !w.parent || !w.bparent || !w.end || !w.is_block) {
        PyErr_NoMemory();
        goto done;
    }
    if (!w.buf || !w.texts || !w.lines || !w.keep || !w.space || !w.nothing || !body_tag)
        goto done;
    /* the root (the body) is element 0 */
    if (add_element(&w, -1, -1, 1) < 0)
        goto done;
    Frame rootf = {body_tag, empty, empty, body_tag, 0, 1, 0, 0};
    if (push(&w, rootf) < 0)
        goto done;

    void *node = lx_first_child(root);
    while (node) {
        int type = lx_type(node);
        int descend = 0;
        if (type == NODE_TEXT) {
            if (text_node(&w, node, document) < 0)
                goto done;
        } else if (type == NODE_ELEMENT) {
            descend = element(&w, node, cues_of, block_tags, cell_tags);
            if (descend < 0)
                goto done;
        }
        if (descend) {
            void *child = lx_first_child(node);
            if (child) {
                node = child;
                continue;
            }
            if (close_top(&w) < 0) /* an element with no children ends at once */
                goto done;
        }
        for (;;) { /* on to the next node in document order, closing each element left */
            void *next = lx_next(node);
            if (next) {
                node = next;
                break;
            }
            node = lx_parent(node);
            if (!node || node == root) {
                node = NULL;
                break;
            }
            if (close_top(&w) < 0)
                goto done;
        }
    }
    while (w.n > 1)
        if (close_top(&w) < 0)
            goto done;
    w.end[0] = w.elems - 1;
    if (w.ctx_n && flush(&w) < 0)
        goto done;
    {
        PyObject *parent = list_of(w.parent, w.elems), *bparent = list_of(w.bparent, w.elems),
                 *end = list_of(w.end, w.elems), *block = PyList_New(w.elems);
        if (block)
            for (Py_ssize_t i = 0; i < w.elems; i++)
                PyList_SET_ITEM(block, i, PyBool_FromLong(w.is_block[i]));
        if (parent && bparent && end && block)
            result = PyTuple_Pack(6, w.texts, w.lines, parent, bparent, end, block);
        Py_XDECREF(parent);
        Py_XDECREF(bparent);
        Py_XDECREF(end);
        Py_XDECREF(block);
    }
done:
    PyMem_Free(w.stack);
    PyMem_Free(w.parent);
    PyMem_Free(w.bparent);
    PyMem_Free(w.end);
    PyMem_Free(w.is_block);
    Py_XDECREF(w.buf);
    Py_XDECREF(w.texts);
    Py_XDECREF(w.lines);
    Py_XDECREF(w.keep);
    Py_XDECREF(w.space);
    Py_XDECREF(w.nothing);
    Py_XDECREF(body_tag);
    return result;
}

static PyMethodDef methods[] = {
    {"bind", bind, METH_VARARGS, "bind(path): look up lexbor's functions in selectolax's extension module at path."},
    {"walk", walk, METH_VARARGS,
     "walk(root_id, document_id, cues_of, block_tags, cell_tags, empty) -> "
     "(texts, lines, parent, bparent, end, block): read/html.py's walk from the element at root_id."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_lexborwalk",
                                    "The DOM walk of read/html.py in C.", -1, methods};

PyMODINIT_FUNC PyInit__lexborwalk(void) { return PyModule_Create(&module); }
