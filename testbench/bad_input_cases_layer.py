"""Bad-input cases of `fusesim layer` (and the command itself)."""

from bad_input_lib import *  # noqa: F401,F403 (the case table and its helpers)

# -- the command itself
C("no_command", [], 2, r"^fusesim: .*command", out="none")
C("unknown_command", ["bogus"], 2, r"^fusesim: unknown command 'bogus'")
C("unknown_command_control_byte", ["bo\x1bgus"], 2, r"unknown command 'bo\\x1Bgus'")
C("option_as_command", ["--array", "4x4"], 2, r"unknown command '--array'")

# -- layer: stray tokens and the option parser
C("layer_stray_stride", ["layer"] + TINY + ["--stride", "2", "1"], 2, r"unexpected argument '1'")
C("layer_stray_first", ["layer", "conv"] + TINY, 2, r"unexpected argument 'conv'")
C("layer_unknown_option", ["layer"] + TINY + ["--frobnicate", "3"], 2,
  r"unrecognised option '--frobnicate'")
C("layer_abbreviated_option", ["layer"] + TINY + ["--filter", "3"], 2,
  r"unrecognised option '--filter'")  # not taken for --filters
C("layer_missing_value", ["layer"] + TINY + ["--kernel"], 2,
  r"the required argument for option '--kernel' is missing", out="none")
C("layer_option_twice", ["layer"] + TINY + ["--array", "4x4"], 2,
  r"option '--array' cannot be specified more than once")
C("layer_no_ifmap", ["layer", "--filters", "2"], 2, r"--ifmap HxWxC is required")
C("layer_no_filters", ["layer", "--ifmap", "4x4x2"], 2, r"--filters M is required")
C("layer_no_out", ["layer"] + TINY, 2, r"--out DIR is required", out="none")
C("layer_out_empty_name", ["layer"] + TINY + ["--out", ""], 2, r"--out: an output folder",
  out="none")
# -- layer: the layer's shape
C("layer_bad_op", ["layer", "--op", "deconv", "--ifmap", "4x4x2", "--filters", "2"], 2,
  r"--op: expected .*'deconv'")
C("layer_zero_dim", ["layer", "--ifmap", "0x4x2", "--filters", "2"], 2,
  r"ifmap height must be >= 1")
C("layer_ifmap_two_fields", ["layer", "--ifmap", "4x4", "--filters", "2"], 2,
  r"--ifmap: expected HxWxC, got '4x4'")
C("layer_ifmap_hex", ["layer", "--ifmap", "0x10x4x2", "--filters", "2"], 2, r"--ifmap: expected")
C("layer_ifmap_space", ["layer", "--ifmap", "4 x4x2", "--filters", "2"], 2, r"--ifmap: expected")
C("layer_ifmap_wraps", ["layer", "--ifmap", "4294967297x1x1", "--filters", "1"], 2,
  r"--ifmap: expected HxWxC, got '4294967297x1x1'")
C("layer_ifmap_negative", ["layer", "--ifmap", "4x-4x2", "--filters", "2"], 2,
  r"ifmap width must be >= 1")
C("layer_kernel_too_big", ["layer", "--ifmap", "4x4x3", "--filters", "4", "--kernel", "9x3",
                           "--pad", "1"], 2, r"kernel height 9 is larger than the padded input")
C("layer_overflow_kernel_pad_stride",
  ["layer", "--ifmap", "1x1x3", "--filters", "1", "--kernel", "1000000000x1000000000", "--pad",
   "1000000000", "--stride", "1000000000"], 2, r"padded input height 2000000001 is over the limit",
  forbid=r"-\d")
C("layer_overflow_ifmap_pad", ["layer", "--ifmap", "200000000x1x1", "--filters", "1", "--pad",
                               "1000000000"], 2,
  r"padded input height 2200000000 is over the limit", forbid=r"-\d")
C("layer_too_large", ["layer", "--ifmap", "50000x50000x1", "--filters", "1"], 2,
  r"layer too large to simulate: .*limit", forbid=r"-\d")
C("layer_gemm_too_large", ["layer", "--op", "gemm", "--gemm", "1000000000x1000000000x1"], 2,
  r"layer too large to simulate", forbid=r"-\d")
C("layer_too_large_saturates", ["layer", "--ifmap", "1000000000x1000000000x1000000000",
                                "--filters", "1000000000"], 2, r"too large|over the limit",
  forbid=r"-\d")
C("layer_filters_zero", ["layer", "--ifmap", "4x4x2", "--filters", "0"], 2,
  r"--filters: every dimension must be >= 1")
C("layer_filters_junk", ["layer", "--ifmap", "4x4x2", "--filters", "4x"], 2,
  r"--filters: expected a count M, got '4x'")
C("layer_batch_zero", ["layer"] + TINY + ["--batch", "0"], 2, r"--batch: every dimension")
C("layer_stride_zero", ["layer"] + TINY + ["--stride", "0"], 2, r"stride height must be >= 1")
C("layer_stride_junk", ["layer"] + TINY + ["--stride", "2x2x2"], 2, r"--stride: expected")
C("layer_pad_negative", ["layer"] + TINY + ["--pad", "-1"], 2, r"padding \(height\) must be >= 0")
C("layer_gemm_missing", ["layer", "--op", "gemm"], 2, r"--op gemm needs --gemm MxKxN")
C("layer_gemm_with_ifmap", ["layer", "--op", "gemm", "--gemm", "4x4x4", "--ifmap", "4x4x2"], 2,
  r"--ifmap: not used with --op gemm")
C("layer_gemm_without_op", ["layer"] + TINY + ["--gemm", "4x4x4"], 2, r"--gemm: only with --op")
C("layer_gemm_zero", ["layer", "--op", "gemm", "--gemm", "4x0x4"], 2, r"--gemm: every dimension")
C("layer_linear_shape", ["layer", "--op", "linear", "--ifmap", "4x4x2", "--filters", "2"], 2,
  r"--op linear takes --ifmap 1x1xC")
C("layer_dw_filters", ["layer", "--op", "dw", "--ifmap", "4x4x2", "--filters", "3",
                       "--kernel", "3x3"], 2, r"filters == channels")
C("layer_fuse_row_kernel", ["layer", "--op", "fuse-row", "--ifmap", "4x4x2", "--kernel", "3x3"],
  2, r"fuse-row needs a 1xK kernel")
# -- layer: the array and the run options
C("layer_array_junk", ["layer", "--ifmap", "4x4x2", "--filters", "2", "--array", "8by8"], 2,
  r"--array: expected RxC")
C("layer_array_zero", ["layer", "--ifmap", "4x4x2", "--filters", "2", "--array", "0x4"], 2,
  r"--array: every dimension must be >= 1")
C("layer_array_huge", ["layer", "--ifmap", "4x4x2", "--filters", "2", "--array", "2000x2000"], 2,
  r"--array: .*more than 1048576 PEs")
C("layer_array_tall", ["layer", "--ifmap", "4x4x2", "--filters", "2", "--array", "32768x1"], 2,
  r"--array: .*side longer than 32767")
C("layer_hw_bad", ["layer"] + TINY + ["--hw", "turbo"], 2, r"--hw: expected baseline or fuse")
C("layer_input_prefetch_bogus", ["layer"] + TINY + ["--hw", "fuse", "--input-prefetch", "bogus"],
  2, r"--input-prefetch: expected on or off, got 'bogus'")
C("layer_input_prefetch_case", ["layer"] + TINY + ["--hw", "fuse", "--input-prefetch", "ON"], 2,
  r"--input-prefetch: expected on or off, got 'ON'")
C("layer_input_prefetch_baseline", ["layer"] + TINY + ["--hw", "baseline", "--input-prefetch",
                                                       "on"], 2,
  r"--input-prefetch on: .*FuSe array.*--hw baseline")
C("layer_input_prefetch_default_plain", ["layer"] + TINY + ["--input-prefetch", "on"], 2,
  r"--input-prefetch on: .*plain array")
C("layer_drain_bad", ["layer"] + TINY + ["--drain", "parallel"], 2,
  r"--drain: expected overlap, serial or global-select, got 'parallel'")
C("layer_drain_global_select_case", ["layer"] + TINY + ["--drain", "Global-Select"], 2,
  r"--drain: expected overlap, serial or global-select, got 'Global-Select'")
C("layer_drain_global_select_abbreviated", ["layer"] + TINY + ["--drain", "global"], 2,
  r"--drain: expected .*got 'global'")
C("layer_drain_global_select", ["layer"] + TINY + ["--drain", "global-select"], 0, r"",
  out="written", verified=True,
  check=lambda d, so, se: None
  if '"drain": "global-select"' in open(os.path.join(d, "out", "summary.json")).read()
  else "summary.json does not echo the global-select drain")
C("layer_drain_global_select_pin", ["layer"] + TINY + ["--drain", "global-select", "--engine", "pin"],
  0, r"", out="written", verified=True)
C("layer_dataflow_bad", ["layer"] + TINY + ["--dataflow", "xs"], 2,
  r"--dataflow: expected os, ws or is, got 'xs'")
C("layer_dw_convention_bad", ["layer"] + TINY + ["--dw-convention", "x"], 2, r"--dw-convention:")
C("layer_dw_mapping_bad", ["layer"] + TINY + ["--dw-mapping", "cols"], 2,
  r"--dw-mapping: expected gemm or rows, got 'cols'")
C("layer_dw_rows_plain_array", ["layer", "--op", "dw", "--ifmap", "6x6x2", "--kernel", "3",
                                "--hw", "baseline", "--dw-mapping", "rows"], 2,
  r"--dw-mapping rows: .*plain array \(--hw baseline\) has none")
C("network_dw_rows_plain_array", ["network", "--net", "mobilenet_v3_small", "--array", "4x4",
                                  "--hw", "baseline", "--dw-mapping", "rows"], 2,
  r"--dw-mapping rows: .*broadcast bus")
C("paper_dw_mapping", ["paper", "--array", "4x4", "--dw-mapping", "rows"], 2,
  r"--dw-mapping: paper runs each baseline both ways")
C("layer_engine_bad", ["layer"] + TINY + ["--engine", "rtl"], 2, r"--engine: expected fast or pin")
C("layer_threads_negative", ["layer"] + TINY + ["--threads", "-1"], 2,
  r"--threads: expected an integer from 0 to 1024, got '-1'")
C("layer_threads_1025", ["layer"] + TINY + ["--threads", "1025"], 2, r"--threads: expected")
C("layer_threads_huge", ["layer"] + TINY + ["--threads", "4294967297"], 2, r"--threads: expected")
C("layer_seed_exponent", ["layer"] + TINY + ["--seed", "1e3"], 2, r"--seed: expected .*'1e3'")
C("layer_seed_negative", ["layer"] + TINY + ["--seed", "-5"], 2, r"--seed: expected")
C("layer_seed_wraps", ["layer"] + TINY + ["--seed", "18446744073709551617"], 2, r"--seed: expected")
C("layer_log_level_bad", ["layer"] + TINY + ["--log-level", "loud"], 2, r"--log-level: expected")
CLOCKS = {"inf": "inf", "nan": "nan", "0": "zero", "-5": "negative", "1e999": "overflows",
          "1000MHz": "unit", "0x10": "hex", " 5": "space", "1e308": "too_high",
          "5e-324": "too_low"}  # the last two: power or EDP would not be finite
for v, what in CLOCKS.items():
    C("layer_clock_mhz_" + what, ["layer"] + TINY + ["--clock-mhz", v], 2,
      r"--clock-mhz: expected .*, got '%s'" % re.escape(v))
C("layer_vcd_engine_fast", ["layer"] + TINY + ["--engine", "fast", "--vcd", "w.vcd"], 2,
  r"--vcd: waveforms come from the pin-level engine")
C("layer_heatmap_engine_fast", ["layer"] + TINY + ["--engine", "fast", "--heatmap"], 2,
  r"--heatmap: per-PE counts")
# -- layer: tracing
C("layer_trace_pes_without_vcd", ["layer"] + TINY + ["--trace-pes", "0:1,0:1"], 2,
  r"--trace-pes/--trace-cycles/--trace-layer need --vcd")
C("layer_trace_pes_wraps", ["layer"] + TINY + ["--vcd", "w.vcd", "--trace-pes",
                                               "0:99999999999,0:1"], 2,
  r"--trace-pes: expected R0:R1,C0:C1.*'0:99999999999,0:1'")
C("layer_trace_pes_outside", ["layer"] + TINY + ["--vcd", "w.vcd", "--trace-pes", "0:1,5:9"], 2,
  r"--trace-pes: .*outside the 2x2 array")
C("layer_trace_pes_reversed", ["layer"] + TINY + ["--vcd", "w.vcd", "--trace-pes", "1:0,0:1"], 2,
  r"--trace-pes: expected")
C("layer_trace_pes_junk", ["layer"] + TINY + ["--vcd", "w.vcd", "--trace-pes", "0:1,0:1junk"], 2,
  r"--trace-pes: expected")
C("layer_trace_cycles_junk", ["layer"] + TINY + ["--vcd", "w.vcd", "--trace-cycles", "1:x"], 2,
  r"--trace-cycles: expected FROM:TO.*'1:x'")
C("layer_trace_cycles_reversed", ["layer"] + TINY + ["--vcd", "w.vcd", "--trace-cycles", "9:1"],
  2, r"--trace-cycles: expected")
C("layer_trace_layer_unknown", ["layer"] + TINY + ["--vcd", "w.vcd", "--trace-layer", "conv9"],
  2, r"--trace-layer: the layer command runs one layer")
C("layer_trace_layer_unknown_prev", ["layer"] + TINY + ["--vcd", "out/w.vcd", "--trace-layer",
                                                        "conv9"], 2, r"--trace-layer:",
  out="prev")
C("layer_trace_layer_unknown_empty", ["layer"] + TINY + ["--vcd", "out/w.vcd", "--trace-layer",
                                                         "conv9"], 2, r"--trace-layer:",
  out="empty")
C("layer_vcd_is_folder", ["layer"] + TINY + ["--vcd", "."], 2, r"--vcd \.: is a folder")
C("layer_vcd_no_folder", ["layer"] + TINY + ["--vcd", "nodir/w.vcd"], 2,
  r"--vcd nodir/w.vcd: the folder nodir does not exist")
C("layer_vcd_under_proc", ["layer"] + TINY + ["--vcd", "/proc/fusesim-test.vcd"], 2,
  r"--vcd /proc/fusesim-test.vcd: the folder /proc is not writable")
# -- layer: --out
C("layer_out_is_file", ["layer"] + BIG + ["--out", "afile"], 2,
  r"--out afile: exists and is not a folder", out="none", setup=files(afile="mine\n"),
  max_s=5, check=file_unchanged("afile", b"mine\n"))
C("layer_out_under_proc", ["layer"] + BIG + ["--out", "/proc/fusesim-test-out"], 2,
  r"--out /proc/fusesim-test-out: (cannot create|.*not writable)", out="none", max_s=5,
  check=lambda d, so, se: "left /proc/fusesim-test-out" if os.path.exists(
      "/proc/fusesim-test-out") else None)
C("layer_out_proc_itself", ["layer"] + BIG + ["--out", "/proc"], 2,
  r"--out /proc: the folder is not writable", out="none", max_s=5)
C("layer_out_read_only_parent", ["layer"] + TINY + ["--out", "ro/out"], 2,
  r"--out ro/out: cannot create", out="none",
  setup=lambda d: (os.makedirs(os.path.join(d, "ro")), os.chmod(os.path.join(d, "ro"), 0o500)),
  guard=lambda: "root may write anywhere (the /proc cases cover it)" if os.geteuid() == 0
  else None)
C("layer_out_parent_is_file", ["layer"] + TINY + ["--out", "afile/sub"], 2,
  r"--out afile/sub: cannot create", out="none", setup=files(afile="mine\n"),
  check=file_unchanged("afile", b"mine\n"))
C("layer_out_foreign", ["layer"] + BIG, 2,
  r"--out \S*out: the folder holds 1 file\(s\) that no fusesim run wrote there \(notes.txt\)",
  out="foreign", max_s=5)
C("layer_out_foreign_hidden", ["layer"] + TINY, 2, r"no fusesim run wrote there \(\.hidden\)",
  out="foreign", setup=lambda d: (os.makedirs(os.path.join(d, "out")),
                                  write(d, "out/.hidden", "x")))
C("layer_out_foreign_subfolder", ["layer"] + TINY, 2, r"no fusesim run wrote there \(sub\)",
  out="foreign", setup=lambda d: os.makedirs(os.path.join(d, "out", "sub")))
C("layer_out_manifest_incomplete", ["layer"] + TINY, 2, r"no fusesim run wrote there \(b.txt\)",
  out="foreign", setup=lambda d: (os.makedirs(os.path.join(d, "out")),
                                  write(d, "out/.fusesim-manifest", "a.txt\n"),
                                  write(d, "out/a.txt", "a"), write(d, "out/b.txt", "b")))
C("layer_prev_bad_option", ["layer"] + TINY + ["--clock-mhz", "0"], 2, r"--clock-mhz", out="prev")
C("layer_prev_bad_layer", ["layer", "--ifmap", "0x4x2", "--filters", "2"], 2, r"ifmap height",
  out="prev")
C("layer_prev_stray", ["layer"] + TINY + ["extra"], 2, r"unexpected argument 'extra'", out="prev")
C("layer_out_name_too_long", ["layer"] + TINY + ["--out", "b" * 300], 2,
  r"--out b+: cannot create the folder \(File name too long\)", out="none")
C("layer_out_manifest_escapes", ["layer"] + TINY, 2,
  r"--out \S+: its \.fusesim-manifest lists '\.\./victim\.txt', not a file name", out="foreign",
  setup=lambda d: (write(d, "victim.txt", "v"), os.makedirs(os.path.join(d, "out")),
                   write(d, "out/.fusesim-manifest", "summary.json\n../victim.txt\n"),
                   write(d, "out/summary.json", "{}")),
  check=file_unchanged("victim.txt", b"v"))
C("layer_out_manifest_lists_folder", ["layer"] + TINY + ["--out", "out"], 0, r"", out="none",
  setup=lambda d: (os.makedirs(os.path.join(d, "out", "sub")), write(d, "out/sub/mine.txt", "m"),
                   write(d, "out/.fusesim-manifest", "sub\n")),
  check=file_unchanged("out/sub/mine.txt", b"m"))  # the update never removes a user's files
# -- layer: writing fails (a full disk, here a file size limit): nothing is left, or changed
C("layer_write_fails", ["layer"] + TINY, 2, r"--out \S+: cannot write summary\.json", fsize=1000)
C("layer_write_fails_prev", ["layer"] + TINY, 2, r"cannot write summary\.json", out="prev",
  fsize=1000)
C("layer_vcd_write_fails", ["layer"] + TINY + ["--vcd", "out/w.vcd"], 2,
  r"w\.vcd: cannot write the waveform",
  fsize=1000)
# -- layer: the waveform's files, refused before simulating (PIN_BIG: ~6 s on the pin engine)
C("layer_vcd_names_result", ["layer"] + PIN_BIG + ["--vcd", "out/summary.json"], 2,
  r"--vcd \S*summary\.json: a waveform inside the --out folder must end in \.vcd", max_s=3)
C("layer_vcd_names_result_prev", ["layer"] + TINY + ["--vcd", "out/summary.json"], 2,
  r"--vcd \S*summary\.json:", out="prev")
C("layer_vcd_names_manifest", ["layer"] + TINY + ["--vcd", "out/.fusesim-manifest"], 2,
  r"--vcd \S*manifest:", out="prev")
C("layer_gtkw_is_folder", ["layer"] + PIN_BIG + ["--vcd", "w.vcd"], 2,
  r"--vcd w\.vcd: the GTKWave file beside it, w\.gtkw, is a folder",
  setup=lambda d: os.makedirs(os.path.join(d, "w.gtkw")), max_s=3)
C("layer_vcd_name_too_long", ["layer"] + PIN_BIG + ["--vcd", "a" * 252 + ".vcd"], 2,
  r"--vcd a+\.vcd: the file name a+\.vcd is longer than 255 bytes", max_s=3)
C("layer_gtkw_name_too_long", ["layer"] + PIN_BIG + ["--vcd", "a" * 251 + ".vcd"], 2,
  r"the file name a+\.gtkw is longer than 255 bytes", max_s=3)
C("layer_vcd_long_name_works", ["layer"] + TINY + ["--vcd", "a" * 250 + ".vcd"], 0, r"",
  out="written", verified=True,
  check=lambda d, so, se: None if os.path.isfile(os.path.join(d, "a" * 250 + ".vcd")) and
  os.path.isfile(os.path.join(d, "a" * 250 + ".gtkw")) and
  os.path.isfile(os.path.join(d, "a" * 250 + ".flag")) else "no waveform written")
C("layer_fault_value_bad", ["layer"] + TINY, 2, r"FUSESIM_FAULT \(environment\): expected",
  env={"FUSESIM_FAULT": "everything"}, guard=need_fault)
# -- layer: exit 3 (out of memory for real) and no partial output
C("layer_oom", ["layer"] + HUGE, 3, r"^fusesim layer: internal error", ulimit_kb=OOM_KB)
C("layer_oom_prev", ["layer"] + HUGE, 3, r"internal error", out="prev", ulimit_kb=OOM_KB)
C("layer_oom_pin_vcd", ["layer"] + HUGE + ["--vcd", "out/w.vcd"], 3, r"internal error",
  out="empty", ulimit_kb=OOM_KB)
C("layer_oom_pin_vcd_beside", ["layer"] + HUGE + ["--vcd", "w.vcd"], 3, r"internal error",
  ulimit_kb=OOM_KB)
# -- every command: an internal error inside the engine (FUSESIM_FAULT=internal-error throws a
# std::logic_error after edge 2) exits 3 with the original message, on both engines (in the
# pin-level engine from inside a SystemC process, not wrapped as E549), and writes nothing.
C("layer_internal_error", ["layer"] + TINY, 3, r"^fusesim layer: " + IE_MSG, env=IE)
C("layer_internal_error_prev", ["layer"] + TINY, 3, IE_MSG, out="prev", env=IE)
C("layer_internal_error_pin", ["layer"] + TINY + ["--engine", "pin"], 3,
  r"^fusesim layer: " + IE_MSG, env=IE, forbid=r"E549|sc_except")
C("layer_internal_error_pin_vcd", ["layer"] + TINY + ["--vcd", "out/w.vcd"], 3, IE_MSG,
  out="empty", env=IE, forbid=r"E549")
# -- layer: exit 1 (failed verification): the results are written
C("layer_fault", ["layer"] + TINY, 1, r"", out="written", verified=False,
  env={"FUSESIM_FAULT": FAULT or ""}, guard=need_fault)
C("layer_fault_prev", ["layer"] + TINY, 1, r"replaced", out="updated", verified=False,
  env={"FUSESIM_FAULT": FAULT or ""}, guard=need_fault)
# -- the earlier run's folder is updated by a run that succeeds (the other half of the contract)
C("layer_prev_updated", ["layer"] + TINY, 0,
  r"^note: .*earlier run's results; %d file\(s\) replaced" % TEMPLATE_FILES,
  out="updated", verified=True)

