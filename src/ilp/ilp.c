/* SPDX-License-Identifier: GPL-3.0-or-later
 * The time-indexed model and its GLPK solve, in step variables: z[j,t] = 1
 * when job j has started by period t, for t in j's window only (z[j,lst] = 1;
 * before the window z is 0). The start-time variables of Pritsker et al.
 * are x[j,t] = z[j,t] - z[j,t-1]; the step form has the same LP relaxation
 * with half the columns and two nonzeros per job in a resource row instead
 * of d (see Artigues 2017, "On the strength of time-indexed formulations for
 * the resource-constrained project scheduling problem", Oper. Res. Letters
 * 45:154-159); on the hardest j30 models GLPK processed 1.6 times the nodes
 * in equal time and failed less. Rows:
 *   order       z[j,t-1] <= z[j,t];
 *   precedence  for an arc S_j >= S_i + d and each t in j's window,
 *               z[j,t] <= z[i,t-d]: the disaggregated form of Christofides et
 *               al. 1987, stronger in the LP than Pritsker et al.'s aggregated
 *               one, with two nonzeros a row;
 *   resource    for each resource k and period t where the jobs that may run
 *               at t could exceed the capacity, sum_j r[j,k] (z[j,t] -
 *               z[j,t-d_j]) <= cap[k,t] (j runs at t), constants on the right;
 *   finish      F >= S_j + d_j = lst_j + d_j - sum_{t<lst_j} z[j,t] for jobs
 *               whose finish no arc dominates (F per project for the sum
 *               objectives; F integer so that GLPK rounds bounds of an
 *               integral objective).
 * The model is built in plain arrays first; GLPK runs afterwards inside a
 * guard: a glp_error_hook longjmps back to guarded_run, which frees the
 * thread's GLPK environment (GLPK's manual requires glp_free_env after such a
 * jump) and reports KEEL_ERR_INTERNAL. Nothing of ours is allocated while
 * GLPK runs, so the jump leaks nothing.
 */
#include "ilp/ilp.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"

/* ------------------------------------------------------------ the model */

typedef struct lpmodel {
    int ncols, nrows;
    int nz;             /* z columns are 1 .. nz */
    int *col0;          /* [njobs] column of z[j, est_j] */
    int fcol;           /* first F column */
    int tcol;           /* first tardiness column, 0 if none */
    int nf;             /* F columns */
    double *obj;        /* [ncols + 1] */
    double *col_lb, *col_ub;
    /* rows: type GLP_FX / GLP_UP / GLP_LO with bound rb */
    int *row_type;      /* [nrows + 1] */
    double *row_b;
    int64_t nnz, cap_nnz, cap_rows;
    int *ia, *ja;       /* [nnz + 1], 1-based as glp_load_matrix wants */
    double *ar;
    int64_t max_nnz;
} lpmodel;

static void free_model(lpmodel *lm)
{
    free(lm->col0);
    free(lm->obj);
    free(lm->col_lb);
    free(lm->col_ub);
    free(lm->row_type);
    free(lm->row_b);
    free(lm->ia);
    free(lm->ja);
    free(lm->ar);
    memset(lm, 0, sizeof *lm);
}

static bool grow(void **p, int64_t *cap, int64_t need, size_t size)
{
    if (need <= *cap)
        return true;
    int64_t n = *cap ? *cap : 1024;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, (size_t)n * size);
    if (!q)
        return false;
    *p = q;
    *cap = n;
    return true;
}

/* Starts a new row; returns its number or 0 when out of memory. */
static int add_row(lpmodel *lm, int type, double b)
{
    int64_t cap = lm->cap_rows;
    if (!grow((void **)&lm->row_type, &cap, lm->nrows + 2, sizeof(int)))
        return 0;
    cap = lm->cap_rows;
    if (!grow((void **)&lm->row_b, &cap, lm->nrows + 2, sizeof(double)))
        return 0;
    lm->cap_rows = cap;
    lm->nrows++;
    lm->row_type[lm->nrows] = type;
    lm->row_b[lm->nrows] = b;
    return lm->nrows;
}

/* Adds a coefficient to the last row. Returns false when out of memory or
 * over the size limit (lm->nnz then exceeds max_nnz). */
static bool add_coef(lpmodel *lm, int col, double v)
{
    if (lm->nnz + 1 > lm->max_nnz) {
        lm->nnz++;
        return false;
    }
    int64_t need = lm->nnz + 2, cap = lm->cap_nnz;
    if (!grow((void **)&lm->ia, &cap, need, sizeof(int)))
        return false;
    cap = lm->cap_nnz;
    if (!grow((void **)&lm->ja, &cap, need, sizeof(int)))
        return false;
    cap = lm->cap_nnz;
    if (!grow((void **)&lm->ar, &cap, need, sizeof(double)))
        return false;
    lm->cap_nnz = cap;
    lm->nnz++;
    lm->ia[lm->nnz] = lm->nrows;
    lm->ja[lm->nnz] = col;
    lm->ar[lm->nnz] = v;
    return true;
}

static inline int zcol(const lpmodel *lm, const keel_ilp *m, int j, int t)
{
    return lm->col0[j] + (t - m->est[j]);
}

/* z[j,t-1] <= z[j,t]; z[j,lst] = 1 by its bounds. */
static bool add_monotone_rows(lpmodel *lm, const keel_ilp *m)
{
    for (int j = 0; j < m->njobs; j++) {
        for (int t = m->est[j] + 1; t <= m->lst[j]; t++)
            if (!add_row(lm, GLP_UP, 0.0) || !add_coef(lm, zcol(lm, m, j, t - 1), 1.0) ||
                !add_coef(lm, zcol(lm, m, j, t), -1.0))
                return false;
        lm->col_lb[zcol(lm, m, j, m->lst[j])] = 1.0;
    }
    return true;
}

/* sum_{s<=t} x[j,s] <= sum_{s<=t-d} x[i,s], i.e. z[j,t] <= z[i,t-d], for each
 * t of j's window where the right side is not already 1; z[j,t] = 0 when
 * t - d is before i's window. */
static bool add_precedence_rows(lpmodel *lm, const keel_ilp *m)
{
    for (int a = 0; a < m->narcs; a++) {
        int i = m->arcs[a].pred, j = m->arcs[a].succ, d = m->arcs[a].dist;
        for (int t = m->est[j]; t <= m->lst[j] && t - d < m->lst[i]; t++) {
            if (t - d < m->est[i]) {
                lm->col_ub[zcol(lm, m, j, t)] = 0.0;
                continue;
            }
            if (!add_row(lm, GLP_UP, 0.0) || !add_coef(lm, zcol(lm, m, j, t), 1.0) ||
                !add_coef(lm, zcol(lm, m, i, t - d), -1.0))
                return false;
        }
    }
    return true;
}

/* One row per resource and period where the jobs that may run there could
 * exceed the capacity. */
static bool add_resource_rows(lpmodel *lm, const keel_ilp *m, int64_t *load)
{
    for (int k = 0; k < m->nres; k++) {
        memset(load, 0, sizeof(int64_t) * (size_t)m->horizon);
        for (int j = 0; j < m->njobs; j++) {
            int32_t r = m->demand[(size_t)j * m->nres + k];
            if (r > 0 && m->duration[j] > 0)
                for (int t = m->est[j]; t < m->lst[j] + m->duration[j]; t++)
                    load[t] += r;
        }
        for (int t = 0; t < m->horizon; t++) {
            int32_t cap = m->capacity[(size_t)k * m->horizon + t];
            if (load[t] <= cap)
                continue;
            int row = add_row(lm, GLP_UP, cap);
            if (!row)
                return false;
            for (int j = 0; j < m->njobs; j++) {
                int32_t r = m->demand[(size_t)j * m->nres + k];
                int d = m->duration[j];
                if (r <= 0 || d == 0 || t < m->est[j] || t >= m->lst[j] + d)
                    continue;
                /* j runs at t: z[j,t] - z[j,t-d], z being 1 from lst on */
                if (t >= m->lst[j])
                    lm->row_b[row] -= r;
                else if (!add_coef(lm, zcol(lm, m, j, t), r))
                    return false;
                if (t - d >= m->est[j] && !add_coef(lm, zcol(lm, m, j, t - d), -r))
                    return false;
            }
        }
    }
    return true;
}

/* True when some arc out of j guarantees a job of the same F group finishes
 * no earlier than j. */
static bool finish_dominated(const keel_ilp *m, const int *arc_start, const int *arc_of, int j,
                             bool per_project)
{
    for (int q = arc_start[j]; q < arc_start[j + 1]; q++) {
        const keel_ilp_arc *a = &m->arcs[arc_of[q]];
        if (per_project && m->project[a->succ] != m->project[j])
            continue;
        if (a->dist + m->duration[a->succ] >= m->duration[j])
            return true;
    }
    return false;
}

static bool add_finish_rows(lpmodel *lm, const keel_ilp *m, const int *arc_start,
                            const int *arc_of)
{
    bool per_project = m->objective != KEEL_ILP_MAKESPAN;
    for (int j = 0; j < m->njobs; j++) {
        if (finish_dominated(m, arc_start, arc_of, j, per_project))
            continue;
        /* F >= S_j + d = lst + d - sum_{t<lst} z[j,t] */
        int f = lm->fcol + (per_project ? m->project[j] : 0);
        if (!add_row(lm, GLP_LO, m->lst[j] + m->duration[j]) || !add_coef(lm, f, 1.0))
            return false;
        for (int t = m->est[j]; t < m->lst[j]; t++)
            if (!add_coef(lm, zcol(lm, m, j, t), 1.0))
                return false;
        /* F's lower bound: the job's earliest finish. */
        lm->col_lb[f] = fmax(lm->col_lb[f], m->est[j] + m->duration[j]);
    }
    if (m->objective == KEEL_ILP_WEIGHTED_TARDINESS)
        for (int p = 0; p < m->nprojects; p++) { /* T_p - F_p >= -due_p */
            if (!add_row(lm, GLP_LO, -(double)m->due[p]) || !add_coef(lm, lm->tcol + p, 1.0) ||
                !add_coef(lm, lm->fcol + p, -1.0))
                return false;
        }
    return true;
}

static bool alloc_columns(lpmodel *lm, const keel_ilp *m)
{
    lm->col0 = malloc(sizeof(int) * (size_t)(m->njobs + 1));
    if (!lm->col0)
        return false;
    int c = 1;
    for (int j = 0; j < m->njobs; j++) {
        lm->col0[j] = c;
        c += m->lst[j] - m->est[j] + 1;
    }
    lm->nz = c - 1;
    lm->fcol = c;
    lm->nf = m->objective == KEEL_ILP_MAKESPAN ? 1 : m->nprojects;
    c += lm->nf;
    lm->tcol = m->objective == KEEL_ILP_WEIGHTED_TARDINESS ? c : 0;
    if (lm->tcol)
        c += m->nprojects;
    lm->ncols = c - 1;
    size_t n = (size_t)lm->ncols + 1;
    lm->obj = calloc(n, sizeof(double));
    lm->col_lb = calloc(n, sizeof(double));
    lm->col_ub = calloc(n, sizeof(double));
    if (!lm->obj || !lm->col_lb || !lm->col_ub)
        return false;
    for (int q = 1; q <= lm->nz; q++)
        lm->col_ub[q] = 1.0;
    for (int f = 0; f < lm->nf; f++) {
        lm->col_ub[lm->fcol + f] = m->horizon;
        if (m->objective != KEEL_ILP_WEIGHTED_TARDINESS)
            lm->obj[lm->fcol + f] = m->weight && lm->nf > 1 ? m->weight[f] : 1.0;
    }
    for (int p = 0; lm->tcol && p < m->nprojects; p++) {
        lm->col_ub[lm->tcol + p] = m->horizon;
        lm->obj[lm->tcol + p] = m->weight ? m->weight[p] : 1.0;
    }
    return true;
}

/* Outgoing arcs per job (CSR) for the dominance test. */
static bool index_arcs(const keel_ilp *m, int **start_out, int **of_out)
{
    int *start = calloc((size_t)m->njobs + 1, sizeof(int));
    int *of = malloc(sizeof(int) * (size_t)(m->narcs + 1));
    if (!start || !of) {
        free(start);
        free(of);
        return false;
    }
    for (int a = 0; a < m->narcs; a++)
        start[m->arcs[a].pred + 1]++;
    for (int j = 0; j < m->njobs; j++)
        start[j + 1] += start[j];
    int *fill = malloc(sizeof(int) * (size_t)(m->njobs + 1));
    if (!fill) {
        free(start);
        free(of);
        return false;
    }
    memcpy(fill, start, sizeof(int) * (size_t)m->njobs);
    for (int a = 0; a < m->narcs; a++)
        of[fill[m->arcs[a].pred]++] = a;
    free(fill);
    *start_out = start;
    *of_out = of;
    return true;
}

static keel_status build_model(const keel_ilp *m, int64_t max_nnz, lpmodel *lm, keel_error *err)
{
    int *arc_start = NULL, *arc_of = NULL;
    int64_t *load = NULL;
    keel_status st = KEEL_OK;
    memset(lm, 0, sizeof *lm);
    lm->max_nnz = max_nnz;
    load = malloc(sizeof(int64_t) * (size_t)(m->horizon + 1));
    if (!load || !alloc_columns(lm, m) || !index_arcs(m, &arc_start, &arc_of))
        goto nomem;
    if (!add_monotone_rows(lm, m) || !add_precedence_rows(lm, m) ||
        !add_resource_rows(lm, m, load) || !add_finish_rows(lm, m, arc_start, arc_of))
        goto nomem;
    goto done;
nomem:
    if (lm->nnz > lm->max_nnz)
        st = keel_error_set(err, KEEL_ERR_INVALID, NULL, 0,
                            "ILP model too large (over %lld nonzeros); narrow the windows",
                            (long long)max_nnz);
    else
        st = keel_error_nomem(err);
    free_model(lm);
done:
    free(arc_start);
    free(arc_of);
    free(load);
    return st;
}

/* ------------------------------------------------------------ validation */

static keel_status validate(const keel_ilp *m, keel_error *err)
{
#define BAD(...) return keel_error_set(err, KEEL_ERR_INVALID, NULL, 0, __VA_ARGS__)
    if (!m || m->njobs < 0 || m->narcs < 0 || m->nres < 0 || m->nprojects < 1 ||
        m->horizon < 1 || m->horizon > 100000000)
        BAD("ILP instance: bad sizes");
    if (m->njobs > 0 && (!m->duration || !m->est || !m->lst || !m->project))
        BAD("ILP instance: missing job arrays");
    if ((m->narcs > 0 && !m->arcs) || (m->nres > 0 && (!m->capacity || !m->demand)))
        BAD("ILP instance: missing arrays");
    if (m->objective == KEEL_ILP_WEIGHTED_TARDINESS && !m->due)
        BAD("ILP instance: tardiness needs due dates");
    if (m->objective < KEEL_ILP_MAKESPAN || m->objective > KEEL_ILP_WEIGHTED_TARDINESS)
        BAD("ILP instance: unknown objective");
    for (int j = 0; j < m->njobs; j++) {
        if (m->duration[j] < 0 || m->project[j] < 0 || m->project[j] >= m->nprojects)
            BAD("ILP instance: job %d: bad duration or project", j);
        if (m->est[j] < 0 || (m->est[j] <= m->lst[j] && m->lst[j] + m->duration[j] > m->horizon))
            BAD("ILP instance: job %d: window [%d, %d] outside the horizon %d", j, m->est[j],
                m->lst[j], m->horizon);
        for (int k = 0; k < m->nres; k++)
            if (m->demand[(size_t)j * m->nres + k] < 0)
                BAD("ILP instance: job %d: negative demand", j);
    }
    for (int a = 0; a < m->narcs; a++)
        if (m->arcs[a].pred < 0 || m->arcs[a].pred >= m->njobs || m->arcs[a].succ < 0 ||
            m->arcs[a].succ >= m->njobs)
            BAD("ILP instance: arc %d: bad job", a);
    return KEEL_OK;
#undef BAD
}

/* ------------------------------------------------------------ GLPK */

typedef struct run_ctx {
    const keel_ilp *m;
    const keel_ilp_params *par;
    const lpmodel *lm;
    bool lp_only;
    double *heur;       /* [ncols + 1] incumbent columns, or NULL */
    double *xval;       /* [ncols + 1] solution */
    /* out */
    int lp_status, mip_status, ret;
    double lp_obj, mip_obj, bound;
    bool have_bound, heur_tried, heur_ok, stopped;
    int64_t nodes;
    char msg[200];      /* GLPK's first line of output, kept for errors */
} run_ctx;

static int on_term(void *info, const char *s)
{
    run_ctx *c = info;
    size_t n = strlen(c->msg);
    if (n + 1 < sizeof c->msg)
        strncat(c->msg, s, sizeof c->msg - n - 1);
    return 1; /* never print */
}

static void on_error(void *info)
{
    longjmp(*(jmp_buf *)info, 1);
}

static void on_tree(glp_tree *tree, void *info)
{
    run_ctx *c = info;
    int a_cnt, n_cnt, t_cnt;
    glp_ios_tree_size(tree, &a_cnt, &n_cnt, &t_cnt);
    c->nodes = t_cnt;
    int best = glp_ios_best_node(tree);
    if (best) {
        c->bound = glp_ios_node_bound(tree, best);
        c->have_bound = true;
    }
    if (glp_ios_reason(tree) == GLP_IHEUR && c->heur && !c->heur_tried) {
        c->heur_tried = true;
        c->heur_ok = glp_ios_heur_sol(tree, c->heur) == 0;
    }
    if ((c->par->stop && *c->par->stop) ||
        (c->par->node_limit > 0 && c->nodes >= c->par->node_limit) ||
        (c->par->iteration_limit > 0 &&
         glp_get_it_cnt(glp_ios_get_prob(tree)) >= c->par->iteration_limit)) {
        c->stopped = true;
        glp_ios_terminate(tree);
    }
}

static glp_prob *load_problem(const run_ctx *c)
{
    const lpmodel *lm = c->lm;
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_cols(lp, lm->ncols);
    for (int q = 1; q <= lm->ncols; q++) {
        glp_set_col_kind(lp, q, c->lp_only ? GLP_CV : GLP_IV);
        glp_set_col_bnds(lp, q, lm->col_lb[q] == lm->col_ub[q] ? GLP_FX : GLP_DB, lm->col_lb[q],
                         lm->col_ub[q]);
        glp_set_obj_coef(lp, q, lm->obj[q]);
    }
    if (lm->nrows > 0)
        glp_add_rows(lp, lm->nrows);
    for (int r = 1; r <= lm->nrows; r++)
        glp_set_row_bnds(lp, r, lm->row_type[r], lm->row_b[r], lm->row_b[r]);
    glp_load_matrix(lp, (int)lm->nnz, lm->ia, lm->ja, lm->ar);
    if (keel_ilp_fault())
        glp_set_col_bnds(lp, lm->ncols + 1, GLP_FX, 0, 0); /* column out of range */
    return lp;
}

static int remaining_ms(const keel_ilp_params *par, double t0)
{
    if (par->time_limit_ms <= 0)
        return INT32_MAX;
    double left = (double)par->time_limit_ms - (glp_time() - t0);
    return left < 1 ? 1 : left > INT32_MAX ? INT32_MAX : (int)left;
}

/* Everything that calls GLPK. May not return normally: GLPK's error hook
 * jumps out of it. */
static void run_glpk(run_ctx *c)
{
    double t0 = glp_time();
    glp_prob *lp = load_problem(c);
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    sp.presolve = c->lp_only ? GLP_ON : GLP_OFF;
    sp.tm_lim = remaining_ms(c->par, t0);
    int64_t it_lim = c->par->lp_iterations;
    if (c->par->iteration_limit > 0 && (it_lim <= 0 || c->par->iteration_limit < it_lim))
        it_lim = c->par->iteration_limit;
    if (it_lim > 0)
        sp.it_lim = (int)(it_lim < INT_MAX ? it_lim : INT_MAX);
    c->ret = glp_simplex(lp, &sp);
    c->lp_status = glp_get_status(lp);
    c->lp_obj = glp_get_obj_val(lp);
    if (c->lp_only || c->ret != 0 || c->lp_status != GLP_OPT) {
        glp_delete_prob(lp);
        return;
    }
    glp_iocp ip;
    glp_init_iocp(&ip);
    ip.msg_lev = GLP_MSG_OFF;
    ip.presolve = GLP_OFF; /* the callback works on the original columns */
    /* GLPK's defaults (Driebeck-Tomlin branching, best local bound) did best
     * on j30 among DTH/PCH x DFS/BFS/BLB, z-branching and the feasibility pump. */
    /* GLPK 5.0's long-step dual ratio test fails an assertion (teta_lim >=
     * 0) on degenerate time-indexed models, often on the hardest j30 ones */
    ip.flip = GLP_OFF;
    ip.tm_lim = remaining_ms(c->par, t0);
    ip.cb_func = on_tree;
    ip.cb_info = c;
    c->ret = glp_intopt(lp, &ip);
    c->mip_status = glp_mip_status(lp);
    c->mip_obj = glp_mip_obj_val(lp);
    if (c->mip_status == GLP_OPT || c->mip_status == GLP_FEAS)
        for (int q = 1; q <= c->lm->ncols; q++)
            c->xval[q] = glp_mip_col_val(lp, q);
    glp_delete_prob(lp);
}

/* Runs run_glpk under the error hook. Returns false after a GLPK fatal error
 * (the thread's GLPK environment is then freed). */
static bool guarded_run(run_ctx *c)
{
    jmp_buf jb;
    if (setjmp(jb)) {
        glp_error_hook(NULL, NULL);
        glp_free_env();
        return false;
    }
    glp_term_hook(on_term, c);
    glp_term_out(GLP_OFF);
    glp_error_hook(on_error, &jb);
    run_glpk(c);
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    return true;
}

/* ------------------------------------------------------------ API */

void keel_ilp_params_init(keel_ilp_params *par)
{
    memset(par, 0, sizeof *par);
}

const char *keel_ilp_status_name(keel_ilp_status s)
{
    switch (s) {
    case KEEL_ILP_OPTIMAL: return "optimal";
    case KEEL_ILP_FEASIBLE: return "feasible";
    case KEEL_ILP_INFEASIBLE: return "infeasible";
    case KEEL_ILP_NO_SOLUTION: return "no solution";
    case KEEL_ILP_ERROR: return "error";
    }
    return "?";
}

/* True when start meets the windows, arcs and capacities of m: GLPK takes a
 * heuristic solution without checking its rows. */
static bool feasible(const keel_ilp *m, const int *start)
{
    for (int j = 0; j < m->njobs; j++)
        if (start[j] < m->est[j] || start[j] > m->lst[j])
            return false;
    for (int a = 0; a < m->narcs; a++)
        if (start[m->arcs[a].succ] < start[m->arcs[a].pred] + m->arcs[a].dist)
            return false;
    int32_t *left = malloc(sizeof(int32_t) * ((size_t)m->nres * m->horizon + 1));
    if (!left)
        return false;
    memcpy(left, m->capacity, sizeof(int32_t) * (size_t)m->nres * m->horizon);
    bool ok = true;
    for (int j = 0; ok && j < m->njobs; j++)
        for (int k = 0; ok && k < m->nres; k++) {
            int32_t d = m->demand[(size_t)j * m->nres + k];
            for (int t = start[j]; ok && d > 0 && t < start[j] + m->duration[j]; t++)
                ok = t < m->horizon && (left[(size_t)k * m->horizon + t] -= d) >= 0;
        }
    free(left);
    return ok;
}

/* The incumbent as column values, or NULL when it is not a schedule of m. */
static double *incumbent_columns(const keel_ilp *m, const lpmodel *lm, const int *start)
{
    if (!feasible(m, start))
        return NULL;
    double *x = calloc((size_t)lm->ncols + 1, sizeof(double));
    if (!x)
        return NULL;
    for (int f = 0; f < lm->nf; f++)
        x[lm->fcol + f] = lm->col_lb[lm->fcol + f];
    for (int j = 0; j < m->njobs; j++) {
        if (start[j] < m->est[j] || start[j] > m->lst[j]) {
            free(x);
            return NULL;
        }
        for (int t = start[j]; t <= m->lst[j]; t++)
            x[zcol(lm, m, j, t)] = 1.0;
        int f = lm->fcol + (lm->nf > 1 ? m->project[j] : 0);
        x[f] = fmax(x[f], start[j] + m->duration[j]);
    }
    for (int p = 0; lm->tcol && p < m->nprojects; p++)
        x[lm->tcol + p] = fmax(0.0, x[lm->fcol + p] - m->due[p]);
    return x;
}

static void read_solution(const keel_ilp *m, const lpmodel *lm, const run_ctx *c,
                          keel_ilp_result *res)
{
    res->objective = c->mip_obj;
    if (!res->start)
        return;
    for (int j = 0; j < m->njobs; j++) {
        int t = m->est[j];
        while (t < m->lst[j] && c->xval[zcol(lm, m, j, t)] < 0.5)
            t++;
        res->start[j] = t; /* the first period j has started by */
    }
}

static void set_outcome(const keel_ilp *m, const lpmodel *lm, run_ctx *c, keel_ilp_result *res)
{
    res->lp_bound = c->lp_status == GLP_OPT ? c->lp_obj : -HUGE_VAL;
    res->nodes = c->nodes;
    res->incumbent_used = c->heur_ok;
    if (c->lp_status == GLP_NOFEAS || c->mip_status == GLP_NOFEAS) {
        res->status = KEEL_ILP_INFEASIBLE;
        res->bound = HUGE_VAL;
        return;
    }
    res->bound = c->have_bound ? c->bound : res->lp_bound;
    if (c->mip_status == GLP_OPT && !c->stopped && c->ret == 0) {
        res->status = KEEL_ILP_OPTIMAL;
        res->bound = c->mip_obj;
    } else if (c->mip_status == GLP_OPT || c->mip_status == GLP_FEAS) {
        res->status = KEEL_ILP_FEASIBLE;
        res->bound = fmin(res->bound, c->mip_obj);
    } else {
        res->status = KEEL_ILP_NO_SOLUTION;
    }
    if (res->status != KEEL_ILP_NO_SOLUTION)
        read_solution(m, lm, c, res);
}

/* m with windows tightened by propagation (its own est and lst arrays, the
 * rest borrowed from the caller's instance); *feasible false when propagation
 * proves that no schedule fits. */
static keel_status tighten(const keel_ilp *m, int64_t shave_work, keel_ilp *tight,
                           bool *feasible, keel_error *err)
{
    size_t n = sizeof(int) * ((size_t)m->njobs + 1);
    *tight = *m;
    tight->est = malloc(n);
    tight->lst = malloc(n);
    if (!tight->est || !tight->lst)
        return keel_error_nomem(err);
    memcpy(tight->est, m->est, sizeof(int) * (size_t)m->njobs);
    memcpy(tight->lst, m->lst, sizeof(int) * (size_t)m->njobs);
    return keel_ilp_propagate(tight, shave_work, feasible, err);
}

static keel_status solve(const keel_ilp *given, const keel_ilp_params *par, bool lp_only,
                         keel_ilp_result *res, keel_error *err)
{
    lpmodel lm = {0};
    run_ctx c = {0};
    keel_ilp tight = {0};
    const keel_ilp *m = &tight;
    bool feasible = false;
    keel_status st = validate(given, err);
    if (st == KEEL_OK)
        st = tighten(given, par->shave_work, &tight, &feasible, err);
    if (st != KEEL_OK)
        goto done;
    if (!feasible) {
        res->status = KEEL_ILP_INFEASIBLE;
        res->bound = res->lp_bound = HUGE_VAL;
        goto done;
    }
    st = build_model(m, par->max_nonzeros > 0 ? par->max_nonzeros : 20000000, &lm, err);
    if (st != KEEL_OK)
        goto done;
    res->ncols = lm.ncols;
    res->nrows = lm.nrows;
    res->nonzeros = lm.nnz;
    c = (run_ctx){.m = m, .par = par, .lm = &lm, .lp_only = lp_only, .mip_status = GLP_UNDEF};
    c.xval = calloc((size_t)lm.ncols + 1, sizeof(double));
    if (!c.xval) {
        st = keel_error_nomem(err);
        goto done;
    }
    if (par->incumbent && !lp_only)
        c.heur = incumbent_columns(m, &lm, par->incumbent); /* NULL: not usable */
    if (!guarded_run(&c)) {
        char *nl = strchr(c.msg, '\n');
        if (nl)
            *nl = '\0';
        st = keel_error_set(err, KEEL_ERR_INTERNAL, NULL, 0, "GLPK failed: %s",
                            c.msg[0] ? c.msg : "fatal error");
        goto done;
    }
    if (c.ret != 0 && c.ret != GLP_ETMLIM && c.ret != GLP_EITLIM && c.ret != GLP_ESTOP &&
        c.ret != GLP_EMIPGAP && c.ret != GLP_ENOPFS && c.ret != GLP_ENODFS) {
        st = keel_error_set(err, KEEL_ERR_INTERNAL, NULL, 0, "GLPK failed with code %d", c.ret);
        goto done;
    }
    if (c.ret == GLP_ENOPFS)
        c.lp_status = GLP_NOFEAS;
    if (lp_only) {
        res->status = KEEL_ILP_NO_SOLUTION;
        res->lp_bound = c.lp_status == GLP_OPT     ? c.lp_obj
                        : c.lp_status == GLP_NOFEAS ? HUGE_VAL
                                                    : -HUGE_VAL;
        res->bound = res->lp_bound;
        if (res->bound == HUGE_VAL)
            res->status = KEEL_ILP_INFEASIBLE;
    } else {
        set_outcome(m, &lm, &c, res);
    }
done:
    if (st != KEEL_OK)
        res->status = KEEL_ILP_ERROR;
    free(c.xval);
    free(c.heur);
    free_model(&lm);
    free(tight.est);
    free(tight.lst);
    return st;
}

keel_status keel_ilp_solve(const keel_ilp *m, const keel_ilp_params *par, keel_ilp_result *res,
                           keel_error *err)
{
    keel_ilp_params def;
    if (!par) {
        keel_ilp_params_init(&def);
        par = &def;
    }
    int *start = res->start;
    memset(res, 0, sizeof *res);
    res->start = start;
    res->status = KEEL_ILP_ERROR;
    return solve(m, par, false, res, err);
}

keel_status keel_ilp_lp_bound(const keel_ilp *m, const keel_ilp_params *par, double *bound,
                              keel_error *err)
{
    keel_ilp_params def;
    if (!par) {
        keel_ilp_params_init(&def);
        par = &def;
    }
    keel_ilp_result res = {0};
    keel_status st = solve(m, par, true, &res, err);
    *bound = st == KEEL_OK ? res.bound : -HUGE_VAL;
    return st;
}

void keel_ilp_free(keel_ilp *m)
{
    if (!m)
        return;
    free(m->duration);
    free(m->est);
    free(m->lst);
    free(m->arcs);
    free(m->project);
    free(m->capacity);
    free(m->demand);
    free(m->weight);
    free(m->due);
    free(m->task);
    free(m);
}
