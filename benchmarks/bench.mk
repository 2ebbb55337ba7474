# benchmarks/bench.mk: `make bench-bin` builds build/<variant>/psplib_bench.
BENCH_BIN := $(BUILD)/psplib_bench

bench-bin: $(BENCH_BIN)

$(BENCH_BIN): benchmarks/psplib_bench.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LIB) $(LDLIBS)
