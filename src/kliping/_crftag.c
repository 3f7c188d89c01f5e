/* Linear-chain CRF tagging (Viterbi path and per-position marginals) over the weights of a trained
 * crfsuite model, read from its file by kliping/crf.py.
 *
 * Why by hand: python-crfsuite turns every attribute string of a sequence into a C++ string and
 * looks it up in its dictionary, ~0.12 us an attribute: 0.7 ms of an HTML page's 7 (5,500
 * attributes a page). Here an attribute is one dict lookup of the Python string itself. The
 * arithmetic follows crfsuite's (state scores summed attribute by attribute in item order,
 * Viterbi ties to the lower label, scaled forward-backward), so paths and marginals are
 * crfsuite's; tests/test_crf.py compares them on every model. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <float.h>
#include <math.h>
#include <string.h>

static PyObject *tag(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *items, *attr_ids;
    Py_buffer state_w, trans_w;
    Py_ssize_t L;
    if (!PyArg_ParseTuple(args, "O!O!y*y*n", &PyList_Type, &items, &PyDict_Type, &attr_ids, &state_w, &trans_w,
                          &L))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t T = PyList_GET_SIZE(items);
    double *score = NULL, *alpha = NULL, *beta = NULL, *scale = NULL, *est = NULL, *etr = NULL, *tmp = NULL;
    int *back = NULL;
    const double *W = (const double *)state_w.buf, *TR = (const double *)trans_w.buf;
    Py_ssize_t n_attrs = L > 0 ? (Py_ssize_t)(state_w.len / (Py_ssize_t)sizeof(double)) / L : 0;
    if (L <= 0 || trans_w.len != (Py_ssize_t)(L * L * sizeof(double)) || state_w.len % (L * sizeof(double))) {
        PyErr_SetString(PyExc_ValueError, "weights do not match the number of labels");
        goto done;
    }
    if (T == 0) {
        result = Py_BuildValue("(Ny)", PyList_New(0), "");
        goto done;
    }
    score = PyMem_Calloc(T * L, sizeof(double));
    alpha = PyMem_Calloc(T * L, sizeof(double));
    beta = PyMem_Calloc(T * L, sizeof(double));
    est = PyMem_Calloc(T * L, sizeof(double));
    scale = PyMem_Calloc(T, sizeof(double));
    etr = PyMem_Calloc(L * L, sizeof(double));
    tmp = PyMem_Calloc(L, sizeof(double));
    back = PyMem_Calloc(T * L, sizeof(int));
    if (!score || !alpha || !beta || !est || !scale || !etr || !tmp || !back) {
        PyErr_NoMemory();
        goto done;
    }
    /* state scores: each known attribute of the item adds its weight for every label */
    for (Py_ssize_t t = 0; t < T; t++) {
        PyObject *item = PyList_GET_ITEM(items, t);
        PyObject *fast = PySequence_Fast(item, "an item is a list of attribute strings");
        if (!fast)
            goto done;
        Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
        PyObject **attrs = PySequence_Fast_ITEMS(fast);
        double *s = score + t * L;
        for (Py_ssize_t k = 0; k < n; k++) {
            PyObject *id = PyDict_GetItemWithError(attr_ids, attrs[k]);
            if (!id) {
                if (PyErr_Occurred()) {
                    Py_DECREF(fast);
                    goto done;
                }
                continue; /* an attribute the model does not know */
            }
            Py_ssize_t a = PyLong_AsSsize_t(id);
            if (a < 0 || a >= n_attrs) {
                Py_DECREF(fast);
                if (!PyErr_Occurred())
                    PyErr_SetString(PyExc_ValueError, "attribute id out of range");
                goto done;
            }
            const double *w = W + a * L;
            for (Py_ssize_t l = 0; l < L; l++)
                s[l] += w[l];
        }
        Py_DECREF(fast);
    }
    /* Viterbi over the raw scores */
    double *cur = alpha; /* (alpha holds the Viterbi scores first, then the forward pass) */
    for (Py_ssize_t j = 0; j < L; j++)
        cur[j] = score[j];
    for (Py_ssize_t t = 1; t < T; t++) {
        double *prev = alpha + (t - 1) * L;
        cur = alpha + t * L;
        for (Py_ssize_t j = 0; j < L; j++) {
            double best = -DBL_MAX;
            int arg = -1;
            for (Py_ssize_t i = 0; i < L; i++) {
                double v = prev[i] + TR[i * L + j];
                if (best < v) {
                    best = v;
                    arg = (int)i;
                }
            }
            if (arg >= 0)
                back[t * L + j] = arg;
            cur[j] = best + score[t * L + j];
        }
    }
    PyObject *path = PyList_New(T);
    if (!path)
        goto done;
    {
        double best = -DBL_MAX;
        int last = 0;
        double *col = alpha + (T - 1) * L;
        for (Py_ssize_t i = 0; i < L; i++)
            if (best < col[i]) {
                best = col[i];
                last = (int)i;
            }
        int lab = last;
        for (Py_ssize_t t = T - 1; t >= 0; t--) {
            PyList_SET_ITEM(path, t, PyLong_FromLong(lab));
            if (t > 0)
                lab = back[t * L + lab];
        }
    }
    /* marginals: scaled forward-backward over exp(scores) */
    for (Py_ssize_t k = 0; k < T * L; k++)
        est[k] = exp(score[k]);
    for (Py_ssize_t k = 0; k < L * L; k++)
        etr[k] = exp(TR[k]);
    for (Py_ssize_t t = 0; t < T; t++) {
        cur = alpha + t * L;
        if (t == 0) {
            memcpy(cur, est, L * sizeof(double));
        } else {
            double *prev = alpha + (t - 1) * L;
            memset(cur, 0, L * sizeof(double));
            for (Py_ssize_t i = 0; i < L; i++)
                for (Py_ssize_t j = 0; j < L; j++)
                    cur[j] += prev[i] * etr[i * L + j];
            for (Py_ssize_t j = 0; j < L; j++)
                cur[j] *= est[t * L + j];
        }
        double sum = 0.0;
        for (Py_ssize_t j = 0; j < L; j++)
            sum += cur[j];
        scale[t] = sum != 0.0 ? 1.0 / sum : 1.0;
        for (Py_ssize_t j = 0; j < L; j++)
            cur[j] *= scale[t];
    }
    cur = beta + (T - 1) * L;
    for (Py_ssize_t j = 0; j < L; j++)
        cur[j] = scale[T - 1];
    for (Py_ssize_t t = T - 2; t >= 0; t--) {
        double *next = beta + (t + 1) * L;
        cur = beta + t * L;
        for (Py_ssize_t j = 0; j < L; j++)
            tmp[j] = next[j] * est[(t + 1) * L + j];
        for (Py_ssize_t i = 0; i < L; i++) {
            double dot = 0.0;
            for (Py_ssize_t j = 0; j < L; j++)
                dot += etr[i * L + j] * tmp[j];
            cur[i] = dot * scale[t];
        }
    }
    for (Py_ssize_t t = 0; t < T; t++)
        for (Py_ssize_t j = 0; j < L; j++)
            est[t * L + j] = alpha[t * L + j] * beta[t * L + j] / scale[t];
    result = Py_BuildValue("(Ny#)", path, (const char *)est, (Py_ssize_t)(T * L * sizeof(double)));
done:
    PyBuffer_Release(&state_w);
    PyBuffer_Release(&trans_w);
    PyMem_Free(score);
    PyMem_Free(alpha);
    PyMem_Free(beta);
    PyMem_Free(est);
    PyMem_Free(scale);
    PyMem_Free(etr);
    PyMem_Free(tmp);
    PyMem_Free(back);
    return result;
}

static PyMethodDef methods[] = {
    {"tag", tag, METH_VARARGS,
     "tag(items, attr_ids, state_weights, transition_weights, n_labels) -> (label ids, marginals as "
     "doubles [position * n_labels + label])"},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_crftag", "CRF tagging in C.", -1, methods,
                                    NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__crftag(void) { return PyModule_Create(&module); }
