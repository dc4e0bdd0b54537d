"""Bad-input cases of the input files (energy and area tables, SCALE-Sim files) and of the
network, paper, demo, scalesim and area commands."""

from bad_input_lib import *  # noqa: F401,F403 (the case table and its helpers)

# -- energy tables (--energy-table; read by every simulating command)
E = ["layer"] + TINY + ["--energy-table"]
C("energy_missing", E + ["nope.csv"], 2, r"nope\.csv: file: cannot open")
C("energy_is_folder", E + ["."], 2, r"\.: is a folder")
C("energy_empty", E + ["e.csv"], 2, r"e\.csv: file: empty file", setup=files(e_csv=""))
C("energy_comments_only", E + ["e.csv"], 2, r"e\.csv: file: empty file",
  setup=files(e_csv="# nothing\n\n"))
C("energy_bom_accepted", E + ["e.csv"], 0, r"", out="written", verified=True,
  setup=table("e.csv", ENERGY, lambda t: b"\xef\xbb\xbf" + t))
C("energy_crlf_accepted", E + ["e.csv"], 0, r"", out="written", verified=True,
  setup=table("e.csv", ENERGY, lambda t: t.replace(b"\n", b"\r\n")))
C("energy_nul", E + ["e.csv"], 2, r"e\.csv:%d: energy_pj: .*0\.2\\x0099" % EN_MUL,
  setup=table("e.csv", ENERGY, lambda t: edit_row(t, "multiplier_8b,", ",0.2,", ",0.2\x0099,")))
C("energy_missing_column", E + ["e.csv"], 2, r"e\.csv:%d: energy_pj: missing column" % EN_HDR,
  setup=table("e.csv", ENERGY, lambda t: edit_row(t, "component,", "energy_pj", "energy")))
C("energy_duplicate_column", E + ["e.csv"], 2, r"e\.csv:%d: unit: duplicate column" % EN_HDR,
  setup=table("e.csv", ENERGY, lambda t: edit_row(t, "component,", "tech_node", "unit")))
C("energy_non_numeric", E + ["e.csv"], 2, r"e\.csv:%d: energy_pj: .*'abc'" % EN_MUL,
  setup=table("e.csv", ENERGY, lambda t: edit_row(t, "multiplier_8b,", ",0.2,", ",abc,")))
C("energy_negative", E + ["e.csv"], 2, r"e\.csv:%d: energy_pj: .*-0\.2" % EN_MUL,
  setup=table("e.csv", ENERGY, lambda t: edit_row(t, "multiplier_8b,", ",0.2,", ",-0.2,")))
C("energy_inf", E + ["e.csv"], 2, r"e\.csv:%d: energy_pj: .*inf" % EN_ADD,
  setup=table("e.csv", ENERGY, lambda t: edit_row(t, "adder_32b,", ",0.1,", ",inf,")))
C("energy_nan", E + ["e.csv"], 2, r"e\.csv:%d: energy_pj: .*nan" % EN_ADD,
  setup=table("e.csv", ENERGY, lambda t: edit_row(t, "adder_32b,", ",0.1,", ",nan,")))
C("energy_too_many_fields", E + ["e.csv"], 2, r"e\.csv:%d: row: expected 6 fields, got 7" % EN_ADD,
  setup=table("e.csv", ENERGY, lambda t: edit_row(t, "adder_32b,", ",0.1,", ",0.1,extra,")))
C("energy_duplicate_row", E + ["e.csv"], 2, r"e\.csv:%d: .*duplicate" % (EN_ADD + 1),
  setup=table("e.csv", ENERGY, lambda t: dup_row(t, "adder_32b,")))
C("energy_missing_row", E + ["e.csv"], 2, r"e\.csv: component: missing row clock\.flop_cycle",
  setup=table("e.csv", ENERGY, lambda t: drop_row(t, "clock,")))
C("energy_unterminated_quote", E + ["e.csv"], 2, r"e\.csv:%d: row: unterminated" % EN_ADD,
  setup=table("e.csv", ENERGY, lambda t: edit_row(t, "adder_32b,", 'add"', "add")))
C("energy_huge_value", E + ["e.csv"], 2, r"e\.csv:%d: energy_pj: .*1e300" % EN_MUL,
  setup=table("e.csv", ENERGY, lambda t: edit_row(t, "multiplier_8b,", ",0.2,", ",1e300,")))
# DRAM rows (issue 10): checked like every row; needed only when a memory prices its traffic.
C("energy_dram_negative", E + ["e.csv", "--memory", "ddr4-3200"], 2,
  r"e\.csv:%d: energy_pj: .*-44" % EN_DRAM,
  setup=table("e.csv", ENERGY, lambda t: edit_row(t, "dram_ddr4,read_byte", ",44.0,", ",-44,")))
C("energy_dram_missing_row", E + ["e.csv", "--memory", "hbm2"], 2,
  r"e\.csv: component: missing row dram_hbm2\.read_byte",
  setup=table("e.csv", ENERGY, lambda t: drop_row(drop_row(t, "dram_hbm2,"), "dram_hbm2,")))
C("energy_dram_rows_unneeded_ideal", E + ["e.csv"], 0, r"", out="written", verified=True,
  setup=table("e.csv", ENERGY, lambda t: drop_row(drop_row(t, "dram_hbm2,"), "dram_hbm2,")))
C("energy_dev_zero", E + ["/dev/zero"], 2, r"/dev/zero: file: larger than 64 MiB")
C("energy_prev", E + ["e.csv"], 2, r"e\.csv:%d: energy_pj:" % EN_MUL, out="prev",
  setup=table("e.csv", ENERGY, lambda t: edit_row(t, "multiplier_8b,", ",0.2,", ",abc,")))
C("energy_network", ["network", "--net", "mobilenet_v3_small", "--array", "4x4",
                     "--energy-table", "e.csv"], 2, r"^fusesim network: e\.csv:%d: energy_pj" %
  EN_MUL, setup=table("e.csv", ENERGY, lambda t: edit_row(t, "multiplier_8b,", ",0.2,", ",x,")))
C("energy_paper", ["paper", "--energy-table", "e.csv"], 2, r"^fusesim paper: e\.csv: is a folder",
  setup=lambda d: os.makedirs(os.path.join(d, "e.csv")), max_s=5)
C("energy_scalesim", scalesim("s.cfg", "t.csv", "--energy-table", "e.csv"), 2,
  r"^fusesim scalesim: e\.csv: file: empty", setup=files(s_cfg=CFG, t_csv=TOPO, e_csv=""))

# -- area (and its table, --area-table)
A = ["area", "--array", "4x4", "--area-table"]
C("area_stray_array", ["area", "64x64"], 2, r"^fusesim area: unexpected argument '64x64'")
C("area_stray_prev", ["area", "64x64"], 2, r"unexpected argument '64x64'", out="prev")
C("area_unknown_option", ["area", "--dataflow", "os"], 2, r"unrecognised option '--dataflow'")
C("area_array_bad", ["area", "--array", "64"], 2, r"--array: expected RxC")
C("area_array_huge", ["area", "--array", "4096x4096"], 2, r"--array: .*more than 1048576 PEs")
C("area_drain_bad", ["area", "--drain", "x"], 2, r"--drain: expected")
C("area_no_out", ["area", "--array", "4x4"], 2, r"--out DIR is required", out="none")
C("area_out_is_file", ["area", "--out", "afile"], 2, r"--out afile: exists and is not a folder",
  out="none", setup=files(afile="mine\n"), check=file_unchanged("afile", b"mine\n"))
C("area_out_under_proc", ["area", "--out", "/proc/fusesim-test-out"], 2,
  r"--out /proc/fusesim-test-out:", out="none")
C("area_out_foreign", ["area"], 2, r"no fusesim run wrote there", out="foreign")
C("area_table_missing", A + ["nope.csv"], 2, r"nope\.csv: file: cannot open")
C("area_table_is_folder", A + ["."], 2, r"\.: is a folder")
C("area_table_empty", A + ["a.csv"], 2, r"a\.csv: file: empty file", setup=files(a_csv=""))
C("area_table_bom_accepted", A + ["a.csv"], 0, r"", out="written", file="area.json",
  setup=table("a.csv", AREA, lambda t: b"\xef\xbb\xbf" + t))
C("area_table_nul", A + ["a.csv"], 2, r"a\.csv:%d: area_um2: .*282\\x00" % AR_MUL,
  setup=table("a.csv", AREA, lambda t: edit_row(t, "multiplier_8b,", ",282,", ",282\x00,")))
C("area_table_nul_component", A + ["a.csv"], 2, r"a\.csv:%d: component: .*mux\\x002_bit" %
  line_of(AR, "mux2_bit,"),
  setup=table("a.csv", AREA, lambda t: edit_row(t, "mux2_bit,", "mux2_bit", "mux\x002_bit")))
C("area_table_missing_column", A + ["a.csv"], 2, r"a\.csv:%d: area_um2: missing column" % AR_HDR,
  setup=table("a.csv", AREA, lambda t: edit_row(t, "component,", "area_um2", "area")))
C("area_table_non_numeric", A + ["a.csv"], 2, r"a\.csv:%d: area_um2: .*'big'" % AR_MUL,
  setup=table("a.csv", AREA, lambda t: edit_row(t, "multiplier_8b,", ",282,", ",big,")))
C("area_table_negative", A + ["a.csv"], 2, r"a\.csv:%d: area_um2: .*-4\.522" % AR_REG,
  setup=table("a.csv", AREA, lambda t: edit_row(t, "register_bit,", ",4.522,", ",-4.522,")))
C("area_table_inf", A + ["a.csv"], 2, r"a\.csv:%d: area_um2: .*inf" % AR_REG,
  setup=table("a.csv", AREA, lambda t: edit_row(t, "register_bit,", ",4.522,", ",inf,")))
C("area_table_nan", A + ["a.csv"], 2, r"a\.csv:%d: area_um2: .*nan" % AR_REG,
  setup=table("a.csv", AREA, lambda t: edit_row(t, "register_bit,", ",4.522,", ",nan,")))
C("area_table_huge", A + ["a.csv"], 2, r"a\.csv:%d: area_um2:" % AR_REG,
  setup=table("a.csv", AREA, lambda t: edit_row(t, "register_bit,", ",4.522,", ",1e308,")))
C("area_table_too_few_fields", A + ["a.csv"], 2, r"a\.csv:%d: row: expected 5 fields, got 4" %
  AR_REG, setup=table("a.csv", AREA, lambda t: edit_row(t, "register_bit,", ",4.522,", ",")))
C("area_table_duplicate_row", A + ["a.csv"], 2,
  r"a\.csv:%d: component: duplicate row register_bit \(first at line %d\)" % (AR_REG + 1, AR_REG),
  setup=table("a.csv", AREA, lambda t: dup_row(t, "register_bit,")))
C("area_table_unknown_component", A + ["a.csv"], 2, r"a\.csv:%d: component: unknown component" %
  AR_REG, setup=table("a.csv", AREA, lambda t: edit_row(t, "register_bit,", "register_bit,",
                                                          "flipflop_bit,")))
C("area_table_missing_row", A + ["a.csv"], 2, r"a\.csv: component: missing row sram_kib",
  setup=table("a.csv", AREA, lambda t: drop_row(t, "sram_kib,")))
C("area_table_prev", A + ["a.csv"], 2, r"a\.csv:%d: area_um2" % AR_MUL, out="prev",
  setup=table("a.csv", AREA, lambda t: edit_row(t, "multiplier_8b,", ",282,", ",big,")))
C("area_prev_updated", ["area", "--array", "4x4"], 0,
  r"^note: .*%d file\(s\) replaced" % TEMPLATE_FILES,
  out="updated", file="area.json")

# -- area --synth (the JSON of scripts/synth.sh) and --cell-areas
S = ["area", "--array", "4x4", "--synth", "s.json"]


def synth_json(plain="{\"$_NAND_\": 2}", plain_cells=2, fuse="{\"$_NAND_\": 3}", fuse_cells=3):
    d = '{"name": "%s", "top": "fusesim_pe", "params": {}, "cells": %d, "cells_by_type": %s}'
    return ('{"tool": "Yosys", "flow": "f", "designs": [' + d % ("pe_plain", plain_cells, plain) +
            ", " + d % ("pe_fuse", fuse_cells, fuse) + "]}")


C("area_synth_missing", ["area", "--array", "4x4", "--synth", "none.json"], 2,
  r"none\.json: file: cannot open")
C("area_synth_missing_prev", ["area", "--array", "4x4", "--synth", "none.json"], 2,
  r"none\.json: file: cannot open", out="prev")
C("area_synth_not_json", S, 2, r"s\.json: not valid JSON", setup=files(s_json="{"))
C("area_synth_cells_mismatch", S, 2,
  r"s\.json: designs\[0\]\.cells: 5 cells but cells_by_type sums to 2",
  setup=files(s_json=synth_json(plain_cells=5)))
C("area_synth_no_fuse_pe", S, 2, r"s\.json: designs: no design 'pe_fuse'",
  setup=files(s_json=synth_json().replace('"pe_fuse"', '"pe_other"')))
C("area_synth_unknown_cell", S, 2,
  r"s\.json: cells_by_type: design pe_fuse: cell type \$_AOI3_ has no row in",
  setup=files(s_json=synth_json(fuse="{\"$_AOI3_\": 3}")))
C("area_synth_negative_count", S, 2, r"s\.json: designs\[0\]\.cells_by_type\.\$_NAND_: negative",
  setup=files(s_json=synth_json(plain="{\"$_NAND_\": -2}", plain_cells=2)))
C("area_cell_areas_without_synth", ["area", "--array", "4x4", "--cell-areas", "c.csv"], 2,
  r"--cell-areas prices --synth")
C("area_cell_areas_negative", S + ["--cell-areas", "c.csv"], 2, r"c\.csv:2: area_um2: negative",
  setup=files(s_json=synth_json(),
              c_csv="cell,library_cell,area_um2,unit,tech_node,source\n"
                    "$_NAND_,NAND2_X1,-0.798,um2,45nm,s\n"))
C("area_synth_ok", S, 0, r"", out="written", file="area.json", setup=files(s_json=synth_json()))

# -- network
N = ["network", "--net", "mobilenet_v3_small", "--variant", "full", "--array", "4x4", "--quiet"]
C("network_no_net", ["network", "--array", "4x4"], 2, r"--net NAME \(or --onnx MODEL\) is required")
C("network_unknown_net", ["network", "--net", "resnet50"], 2, r"--net/--variant: .*resnet50")
C("network_unknown_variant", ["network", "--net", "mobilenet_v2", "--variant", "quarter"], 2,
  r"--net/--variant: .*quarter")
C("network_stray", N + ["mobilenet_v2"], 2, r"unexpected argument 'mobilenet_v2'")
C("network_vcd_without_trace_layer", N + ["--vcd", "w.vcd"], 2,
  r"--vcd with network needs --trace-layer")
C("network_trace_layer_without_vcd", N + ["--trace-layer", "MB1.pw"], 2, r"need --vcd")
C("network_trace_layer_unknown", N + ["--vcd", "w.vcd", "--trace-layer", "nope"], 2,
  r"--trace-layer: no executed layer named 'nope' in mobilenet_v3_small/full")
C("network_trace_layer_unknown_prev", N + ["--vcd", "out/w.vcd", "--trace-layer", "nope"], 2,
  r"--trace-layer: no executed layer", out="prev")
C("network_pin_vcd", N + ["--engine", "pin", "--vcd", "w.vcd", "--trace-layer", "MB1.pw"], 2,
  r"drop --engine pin")
C("network_trace_pes_outside", N + ["--vcd", "w.vcd", "--trace-layer", "MB1.pw", "--trace-pes",
                                    "0:8,0:1"], 2, r"--trace-pes: .*outside the 4x4 array")
C("network_out_foreign", ["network", "--net", "mobilenet_v2", "--array", "4x4", "--quiet"], 2,
  r"no fusesim run wrote there", out="foreign", max_s=5)
C("network_out_under_proc", ["network", "--net", "mobilenet_v2", "--array", "4x4", "--quiet",
                             "--out", "/proc/fusesim-test-out"], 2, r"--out /proc/", out="none",
  max_s=5)
C("network_variant_empty", ["network", "--net", "mobilenet_v2", "--variant", ""], 2,
  r"--net/--variant:")
C("network_internal_error", N, 3, r"^fusesim network: " + IE_MSG, env=IE)
C("network_internal_error_pin", N + ["--engine", "pin"], 3, r"^fusesim network: " + IE_MSG,
  env=IE, forbid=r"E549")
C("network_internal_error_prev", N, 3, IE_MSG, out="prev", env=IE)
C("network_fault", N, 1, r"", out="written", verified=False, env={"FUSESIM_FAULT": FAULT or ""},
  guard=need_fault)

# -- paper and demo (refused before simulating: the default run is all five networks)
C("paper_nets_unknown", ["paper", "--nets", "resnet50"], 2, r"--nets: unknown 'resnet50'",
  max_s=5)
C("paper_nets_empty_item", ["paper", "--nets", "mobilenet_v2,,mnasnet_b1"], 2,
  r"--nets: unknown ''", max_s=5)
C("paper_nets_trailing_comma", ["paper", "--nets", "mobilenet_v3_small,"], 2,
  r"--nets: unknown ''", max_s=5)
C("paper_variants_empty", ["paper", "--variants", ""], 2, r"--variants: the list is empty", max_s=5)
C("paper_variants_unknown", ["paper", "--variants", "full,quarter"], 2,
  r"--variants: unknown 'quarter'", max_s=5)
C("paper_hw", ["paper", "--hw", "fuse"], 2, r"--hw: paper runs", max_s=5)
C("paper_engine_pin", ["paper", "--engine", "pin"] + V3S, 2, r"--engine pin: .*one design",
  max_s=5)
C("paper_vcd", ["paper", "--vcd", "w.vcd"] + V3S, 2, r"--vcd/--trace-\*", max_s=5)
C("paper_trace_pes", ["paper", "--trace-pes", "0:1,0:1"] + V3S, 2, r"--vcd/--trace-\*", max_s=5)
C("paper_stray", ["paper", "all"], 2, r"unexpected argument 'all'", max_s=5)
C("paper_array_bad", ["paper", "--array", "64x"], 2, r"--array: expected", max_s=5)
C("paper_threads_bad", ["paper", "--threads", "two"], 2, r"--threads: expected", max_s=5)
C("paper_no_out", ["paper"] + V3S, 2, r"--out DIR is required", out="none", max_s=5)
C("paper_out_foreign", ["paper"], 2, r"no fusesim run wrote there", out="foreign", max_s=5)
C("paper_out_is_file", ["paper", "--out", "afile"], 2, r"--out afile: exists and is not a folder",
  out="none", setup=files(afile="x"), max_s=5, check=file_unchanged("afile", b"x"))
C("paper_prev_bad_nets", ["paper", "--nets", "nope"], 2, r"--nets: unknown", out="prev", max_s=5)
C("paper_internal_error", ["paper"] + V3S, 3, r"^fusesim paper: " + IE_MSG, env=IE)
C("paper_fault", ["paper"] + V3S, 1, r"", out="written", file="speedups.csv",
  env={"FUSESIM_FAULT": FAULT or ""}, guard=need_fault)
C("demo_stray", ["demo", "now"], 2, r"^fusesim demo: unexpected argument 'now'", max_s=5)
C("demo_hw", ["demo", "--hw", "fuse"], 2, r"^fusesim demo: --hw:", max_s=5)
C("demo_engine_pin", ["demo", "--engine", "pin"], 2, r"--engine pin:", max_s=5)
C("demo_nets_unknown", ["demo", "--nets", "x"], 2, r"--nets: unknown 'x'", max_s=5)
C("demo_array_twice", ["demo", "--array", "4x4", "--array", "8x8"], 2,
  r"option '--array' cannot be specified more than once", max_s=5)
C("demo_array_abbreviated", ["demo", "--arr", "4x4"], 2, r"unrecognised option '--arr'", max_s=5)
C("demo_out_under_proc", ["demo", "--out", "/proc/fusesim-test-out"], 2, r"--out /proc/",
  out="none", max_s=5)
C("demo_out_foreign", ["demo"], 2, r"no fusesim run wrote there", out="foreign", max_s=5)

# -- scalesim: the command line
C("scalesim_no_config", ["scalesim", "--topology", "t.csv"], 2,
  r"--config F\.cfg and --topology F\.csv are required", setup=ss_files())
C("scalesim_no_topology", ["scalesim", "--config", "s.cfg"], 2, r"--topology F\.csv",
  setup=ss_files())
C("scalesim_array_given", scalesim("s.cfg", "t.csv", "--array", "8x8"), 2,
  r"--array: scalesim takes it from the \.cfg", setup=ss_files())
C("scalesim_dataflow_given", scalesim("s.cfg", "t.csv", "--dataflow", "ws"), 2,
  r"--dataflow: scalesim takes it", setup=ss_files())
C("scalesim_stray", scalesim("s.cfg", "t.csv", "more.csv"), 2, r"unexpected argument 'more\.csv'",
  setup=ss_files())
C("scalesim_trace_layer_unknown",
  scalesim("s.cfg", "t.csv", "--vcd", "w.vcd", "--trace-layer", "c9"), 2,
  r"--trace-layer: no layer named 'c9' in t\.csv", setup=ss_files())
C("scalesim_trace_layer_unknown_prev", scalesim("s.cfg", "t.csv", "--vcd", "out/w.vcd",
                                                "--trace-layer", "c9"), 2, r"--trace-layer:",
  out="prev", setup=ss_files())
C("scalesim_trace_pes_outside_cfg_array", scalesim("s.cfg", "t.csv", "--vcd", "w.vcd",
                                                   "--trace-pes", "0:5,0:1"), 2,
  r"--trace-pes: .*outside the 4x4 array", setup=ss_files())
C("scalesim_oom", scalesim(), 3, r"^fusesim scalesim: internal error", ulimit_kb=OOM_KB,
  setup=ss_files(topo=TOPO_HDR + "big, 1024, 1024, 1, 1, 1024, 1, 1,\n"))
C("scalesim_oom_prev", scalesim(), 3, r"internal error", out="prev", ulimit_kb=OOM_KB,
  setup=ss_files(topo=TOPO_HDR + "big, 1024, 1024, 1, 1, 1024, 1, 1,\n"))
C("scalesim_internal_error", scalesim(), 3, r"^fusesim scalesim: " + IE_MSG, env=IE,
  setup=ss_files())
C("scalesim_internal_error_pin", scalesim("s.cfg", "t.csv", "--engine", "pin"), 3,
  r"^fusesim scalesim: " + IE_MSG, env=IE, forbid=r"E549", setup=ss_files())
C("scalesim_fault", scalesim(), 1, r"", out="written", verified=False, setup=ss_files(),
  env={"FUSESIM_FAULT": FAULT or ""}, guard=need_fault)
C("scalesim_prev_updated", scalesim(), 0, r"^note: .*replaced", out="updated", verified=True,
  setup=ss_files())
# -- scalesim: the .cfg file
C("cfg_missing", scalesim("nope.cfg"), 2, r"nope\.cfg: file: cannot open", setup=ss_files())
C("cfg_is_folder", scalesim("."), 2, r"\.: is a folder", setup=ss_files())
C("cfg_empty", scalesim(), 2, r"s\.cfg: ArrayHeight: required key missing", setup=ss_files(cfg=""))
C("cfg_bom_accepted", scalesim(), 0, r"", out="written", verified=True,
  setup=ss_files(cfg=b"\xef\xbb\xbf" + CFG.encode()))
C("cfg_nul", scalesim(), 2, r"s\.cfg:2: ArrayHeight: .*'4\\x005'",
  setup=ss_files(cfg=CFG.replace("Height: 4", "Height: 4\x005")))
C("cfg_dev_null", scalesim("/dev/null"), 2, r"/dev/null: ArrayHeight: required key missing",
  setup=ss_files())
C("cfg_name_control_byte", scalesim("a\x1bb.cfg"), 2, r"a\\x1Bb\.cfg: file: cannot open",
  setup=ss_files())
C("cfg_height_non_numeric", scalesim(), 2, r"s\.cfg:2: ArrayHeight: expected a positive integer",
  setup=ss_files(cfg=CFG.replace("Height: 4", "Height: four")))
C("cfg_height_negative", scalesim(), 2, r"s\.cfg:2: ArrayHeight: expected a positive integer, "
  r"got '-4'", setup=ss_files(cfg=CFG.replace("Height: 4", "Height: -4")))
C("cfg_height_inf", scalesim(), 2, r"s\.cfg:2: ArrayHeight: .*'inf'",
  setup=ss_files(cfg=CFG.replace("Height: 4", "Height: inf")))
C("cfg_width_nan", scalesim(), 2, r"s\.cfg:3: ArrayWidth: .*'nan'",
  setup=ss_files(cfg=CFG.replace("Width: 4", "Width: nan")))
C("cfg_height_wraps", scalesim(), 2, r"s\.cfg:2: ArrayHeight: .*4294967300",
  setup=ss_files(cfg=CFG.replace("Height: 4", "Height: 4294967300")), forbid=r"-\d")
C("cfg_height_too_large_for_simulator", scalesim(), 2, r"s\.cfg:2: ArrayHeight: .*32767",
  setup=ss_files(cfg=CFG.replace("Height: 4", "Height: 40000")), max_s=5)
C("cfg_width_too_large_for_simulator", scalesim(), 2, r"s\.cfg:3: ArrayWidth: .*32767",
  setup=ss_files(cfg=CFG.replace("Width: 4", "Width: 40000")))
C("cfg_too_large_bom_lower_case", scalesim(), 2, r"s\.cfg:2: ArrayHeight: .*32767",
  setup=ss_files(cfg=b"\xef\xbb\xbf" + CFG.replace("ArrayHeight: 4", " arrayheight = 40000")
                 .encode()))
C("cfg_too_many_pes", scalesim(), 2, r"s\.cfg:2: ArrayHeight: .*1048576",
  setup=ss_files(cfg=CFG.replace("Height: 4", "Height: 2000").replace("Width: 4", "Width: 2000")))
C("cfg_too_large_prev", scalesim(), 2, r"s\.cfg:2: ArrayHeight:", out="prev",
  setup=ss_files(cfg=CFG.replace("Height: 4", "Height: 40000")))
C("cfg_dataflow_bad", scalesim(), 2, r"s\.cfg:4: Dataflow: expected os, ws or is, got 'xs'",
  setup=ss_files(cfg=CFG.replace("os", "xs")))
C("cfg_dataflow_missing", scalesim(), 2, r"s\.cfg: Dataflow: required key missing",
  setup=ss_files(cfg=CFG.replace("Dataflow: os\n", "")))
C("cfg_duplicate_key", scalesim(), 2, r"s\.cfg:5: ArrayWidth: duplicate key \(first at line 3\)",
  setup=ss_files(cfg=CFG + "ArrayWidth: 8\n"))
C("cfg_duplicate_section", scalesim(), 2, r"s\.cfg:5: \[architecture_presets\]: duplicate section",
  setup=ss_files(cfg=CFG + "[architecture_presets]\n"))
C("cfg_key_outside_section", scalesim(), 2, r"s\.cfg:1: Dataflow: key outside any \[section\]",
  setup=ss_files(cfg="Dataflow: ws\n" + CFG.replace("Dataflow: os\n", "")))
C("cfg_no_separator", scalesim(), 2, r"s\.cfg:5: ArrayDepth 4: expected 'key: value'",
  setup=ss_files(cfg=CFG + "ArrayDepth 4\n"))
C("cfg_bad_section_header", scalesim(), 2, r"s\.cfg:5: section: malformed section header",
  setup=ss_files(cfg=CFG + "[run_presets\n"))
C("cfg_bandwidth_banks", scalesim(), 2, r"s\.cfg:\d+: (Bandwidth|MemoryBanks):",
  setup=ss_files(cfg=CFG + "Bandwidth: 10\nMemoryBanks: 2\n[run_presets]\n"
                 "InterfaceBandwidth: USER\n"))
C("cfg_sram_zero", scalesim(), 2, r"s\.cfg:5: IfmapSramSzkB: expected a positive integer",
  setup=ss_files(cfg=CFG + "IfmapSramSzkB: 0\n"))
C("cfg_interface_bad", scalesim(), 2, r"s\.cfg:6: InterfaceBandwidth: expected USER or CALC",
  setup=ss_files(cfg=CFG + "[run_presets]\nInterfaceBandwidth: FAST\n"))
# -- scalesim: the topology CSV
C("topo_missing", scalesim("s.cfg", "nope.csv"), 2, r"nope\.csv: file: cannot open",
  setup=ss_files())
C("topo_is_folder", scalesim("s.cfg", "."), 2, r"\.: is a folder", setup=ss_files())
C("topo_empty", scalesim(), 2, r"t\.csv: file: empty file", setup=ss_files(topo=""))
C("topo_dev_null", scalesim("s.cfg", "/dev/null"), 2, r"/dev/null: file: empty file",
  setup=ss_files())
C("topo_header_only", scalesim(), 2, r"t\.csv:1: file: no layer rows",
  setup=ss_files(topo=TOPO_HDR))
C("topo_no_header", scalesim(), 2, r"t\.csv:1: header: expected a header line",
  setup=ss_files(topo="c1, 6, 6, 3, 3, 2, 4, 1,\n"))
C("topo_bom_accepted", scalesim(), 0, r"", out="written", verified=True,
  setup=ss_files(topo=b"\xef\xbb\xbf" + TOPO.encode()))
C("topo_nul", scalesim(), 2, r"t\.csv:2: Channels: .*'2\\x007'",
  setup=ss_files(topo=TOPO_HDR + "c1, 6, 6, 3, 3, 2\x007, 4, 1,\n"))
C("topo_nul_name", scalesim(), 2, r"t\.csv:2: Layer name: .*c\\x001",
  setup=ss_files(topo=TOPO_HDR + "c\x001, 6, 6, 3, 3, 2, 4, 1,\n"))
C("topo_too_few_columns", scalesim(), 2, r"t\.csv:3: columns: expected 8 columns.*got 7",
  setup=ss_files(topo=TOPO + "c2, 6, 6, 3, 3, 2, 4,\n"))
C("topo_too_many_columns", scalesim(), 2, r"t\.csv:2: columns: .*got 10; column 9 \(no header "
  r"name\) is not read",
  setup=ss_files(topo=TOPO_HDR + "c1, 6, 6, 3, 3, 2, 4, 1, 1, 1,\n"))
C("topo_non_numeric", scalesim(), 2, r"t\.csv:2: IFMAP Width: expected a positive integer, got "
  r"'six'", setup=ss_files(topo=TOPO_HDR + "c1, 6, six, 3, 3, 2, 4, 1,\n"))
C("topo_negative", scalesim(), 2, r"t\.csv:2: Num Filter: expected a positive integer, got '-4'",
  setup=ss_files(topo=TOPO_HDR + "c1, 6, 6, 3, 3, 2, -4, 1,\n"))
C("topo_inf", scalesim(), 2, r"t\.csv:2: Strides: .*'inf'",
  setup=ss_files(topo=TOPO_HDR + "c1, 6, 6, 3, 3, 2, 4, inf,\n"))
C("topo_nan", scalesim(), 2, r"t\.csv:2: IFMAP Height: .*'nan'",
  setup=ss_files(topo=TOPO_HDR + "c1, nan, 6, 3, 3, 2, 4, 1,\n"))
C("topo_wraps", scalesim(), 2, r"t\.csv:2: IFMAP Height: .*4294967302",
  setup=ss_files(topo=TOPO_HDR + "c1, 4294967302, 6, 3, 3, 2, 4, 1,\n"), forbid=r"-\d")
C("topo_filter_too_big", scalesim(), 2, r"t\.csv:2: Filter Height: filter height 7 is larger",
  setup=ss_files(topo=TOPO_HDR + "c1, 6, 6, 7, 3, 2, 4, 1,\n"))
C("topo_layer_too_large", scalesim(), 2, r"t\.csv:2: layer: layer too large to simulate",
  setup=ss_files(topo=TOPO_HDR + "big, 50000, 50000, 1, 1, 1, 1, 1,\n"), forbid=r"-\d")
C("topo_sparsity", scalesim(), 2, r"t\.csv:2: Sparsity: sparsity ratio '2:4'",
  setup=ss_files(topo=TOPO_HDR[:-1] + " Sparsity,\nc1, 6, 6, 3, 3, 2, 4, 1, 2:4,\n"))
# A ninth column is read by its header name (issue 16): unnamed, or named something fusesim does
# not read, it is an error naming the column; v3's Batch is a batch size, never a stride width.
C("topo_ninth_unnamed", scalesim(), 2,
  r"t\.csv:2: columns: .*column 9 \(no header name\) is not read",
  setup=ss_files(topo=TOPO_HDR + "c1, 6, 6, 3, 3, 2, 4, 1, 2,\n"))
C("topo_ninth_unknown_name", scalesim(), 2, r"t\.csv:2: columns: .*column 9 'Dilation' is not read",
  setup=ss_files(topo=TOPO_HDR[:-1] + " Dilation,\nc1, 6, 6, 3, 3, 2, 4, 1, 2,\n"))
C("topo_batch_zero", scalesim(), 2, r"t\.csv:2: Batch Size: expected a positive integer, got '0'",
  setup=ss_files(topo=TOPO_HDR[:-1] + " Batch Size,\nc1, 6, 6, 3, 3, 2, 4, 1, 0,\n"))
C("scalesim_version_bad", scalesim("s.cfg", "t.csv", "--scalesim-version", "4"), 2,
  r"--scalesim-version: expected 2 or 3, got 4", setup=ss_files())
C("topo_gemm_file_as_conv", scalesim(os.path.join(FIX, "minimal.cfg"),
                                      os.path.join(FIX, "scalesim_test_mnk_input.csv")), 2,
  r"scalesim_test_mnk_input\.csv:2: columns: .*is this an M,N,K GEMM topology\?")
C("topo_gemm_columns", scalesim("s.cfg", "t.csv", "--gemm"), 2,
  r"t\.csv:2: columns: expected 4 columns.*conv topology", setup=ss_files())
C("topo_gemm_zero", scalesim("s.cfg", "t.csv", "--gemm"), 2, r"t\.csv:2: K: expected a positive",
  setup=ss_files(topo=GEMM_HDR + "g1, 4, 4, 0,\n"))
C("topo_prev", scalesim(), 2, r"t\.csv:2: IFMAP Width", out="prev",
  setup=ss_files(topo=TOPO_HDR + "c1, 6, six, 3, 3, 2, 4, 1,\n"))


