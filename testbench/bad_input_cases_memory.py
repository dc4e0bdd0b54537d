"""Bad-input cases of the memory system: --memory, its overrides, memory files, scratchpads too
small for one fold, and SCALE-Sim's memory keys."""

from bad_input_lib import *  # noqa: F401,F403 (the case table and its helpers)

M = ["layer"] + TINY
SIMPLE_NO_BW = ('[dram]\nmode = "simple"\n[sram]\nifmap_kb = 1\nfilter_kb = 1\nofmap_kb = 1\n'
                "word_bytes = 1\nbanks = 1\nports_per_bank = 2\n")
# A 64x64 array: WS keeps 4 KiB of weights stationary, OS leaves 4 KiB of outputs per fold.
WIDE = ["layer", "--op", "conv", "--ifmap", "8x8x64", "--filters", "64", "--array", "64x64"]

# -- the options
C("mem_unknown_name", M + ["--memory", "nosuch"], 2,
  r"--memory: expected ideal, a preset \(.*ddr4-3200.*\) or a memory file, got 'nosuch'")
C("mem_missing_file", M + ["--memory", "nofile.toml"], 2, r"nofile\.toml: file: cannot open")
C("mem_folder", M + ["--memory", "."], 2, r"\.: is a folder, not a file")
C("mem_ideal_with_overrides", M + ["--memory", "ideal", "--dram", "ddr4-3200"], 2,
  r"--sram-kb/--dram-bw/--dram: --memory ideal has no scratchpads or DRAM")
C("mem_dram_unknown", M + ["--dram", "ddr9"], 2, r"--dram: unknown preset 'ddr9' \(known: .*\)")
for v, what in (("0", "zero"), ("-4", "negative"), ("inf", "inf"), ("8GB", "unit")):
    C("mem_dram_bw_" + what, M + ["--dram-bw", v], 2, r"--dram-bw: expected a number from")
for v, what in (("1,2", "two"), ("0,1,1", "zero"), ("1,1,1,", "trailing"), ("a,b,c", "text"),
                ("1,1,99999999999", "huge")):
    C("mem_sram_kb_" + what, M + ["--sram-kb", v], 2, r"--sram-kb: expected IFMAP,FILTER,OFMAP")

# -- memory files
C("mem_file_missing_fields", M + ["--memory", "m.toml"], 2,
  r"m\.toml: dram\.bandwidth_bytes_per_cycle: missing", setup=files(m_toml=SIMPLE_NO_BW))
C("mem_file_technology", M + ["--memory", "m.toml"], 2,
  r"m\.toml:3: dram\.technology: must be ddr4, lpddr4 or hbm2 \(got 'ddr5'\)",
  setup=files(m_toml='preset = "hbm2"\n[dram]\ntechnology = "ddr5"\n'))
C("mem_file_negative", M + ["--memory", "m.toml"], 2,
  r"m\.toml:3: sram\.ifmap_kb: must not be negative \(got -1\)",
  setup=files(m_toml='preset = "scalesim"\n[sram]\nifmap_kb = -1\n'))
C("mem_file_unknown_preset", M + ["--memory", "m.toml"], 2,
  r"m\.toml:1: preset: unknown preset 'ddr9'", setup=files(m_toml='preset = "ddr9"\n'))
C("mem_file_unknown_key", M + ["--memory", "m.toml"], 2, r"m\.toml:4: sram\.flavour: unknown key",
  setup=files(m_toml='preset = "scalesim"\n[sram]\nifmap_kb = 1\nflavour = 3\n'))
C("mem_file_syntax", M + ["--memory", "m.toml"], 2, r"m\.toml:2: TOML syntax error",
  setup=files(m_toml='preset = "scalesim"\n[sram\n'))
C("mem_file_wrong_type", M + ["--memory", "m.toml"], 2, r"m\.toml:3: sram\.ifmap_kb: ",
  setup=files(m_toml='preset = "scalesim"\n[sram]\nifmap_kb = "big"\n'))
C("mem_file_nul", M + ["--memory", "m.toml"], 2, r"m\.toml",
  setup=files(m_toml=b'preset = "scalesim"\n[sram]\nifmap_kb = 1\x00\n'))

# -- scratchpads too small for one fold: refused, naming the buffer and the override
C("mem_stationary_filter_too_big", WIDE + ["--dataflow", "ws", "--sram-kb", "1,1,1"], 2,
  r"--sram-kb 1,1,1.*sram\.filter_kb: 1 KiB cannot hold one fold's stationary filter tile "
  r"\(4096 bytes\)")
C("mem_outputs_too_big", WIDE + ["--sram-kb", "64,64,1"], 2,
  r"sram\.ofmap_kb: 1 KiB cannot hold one fold's 4096 bytes of outputs")
C("mem_too_small_prev", WIDE + ["--sram-kb", "64,64,1"], 2, r"sram\.ofmap_kb", out="prev")
C("mem_too_small_network", ["network", "--net", "mobilenet_v3_small", "--variant", "baseline",
                            "--array", "64x64", "--quiet", "--sram-kb", "64,64,1"], 2,
  r"sram\.ofmap_kb: 1 KiB cannot hold")
C("mem_too_small_from_file", WIDE + ["--memory", "m.toml"], 2,
  r"m\.toml: sram\.ofmap_kb: 1 KiB", setup=files(m_toml='preset = "scalesim"\n[sram]\n'
                                                        'ofmap_kb = 1\n'))

# -- SCALE-Sim's keys: USER bandwidth with SRAMs too small for the layer
C("mem_scalesim_cfg_too_small", ["scalesim", "--config", "s.cfg", "--topology", "t.csv"], 2,
  r"s\.cfg: sram\.ofmap_kb: 1 KiB",
  setup=files(s_cfg="[architecture_presets]\nArrayHeight: 64\nArrayWidth: 64\nDataflow: os\n"
                    "IfmapSramSzkB: 64\nFilterSramSzkB: 64\nOfmapSramSzkB: 1\nBandwidth: 8\n"
                    "[run_presets]\nInterfaceBandwidth: USER\n",
              t_csv=TOPO_HDR + "c1, 16, 16, 3, 3, 16, 64, 1,\n"))

# -- runs that commit: memory reports written; a failed verification with memory still writes
C("mem_runs", M + ["--memory", "ddr4-3200"], 0, r"", out="written", verified=True)
C("mem_runs_into_prev", M + ["--dram-bw", "2"], 0, r"note: .* replaced", out="updated",
  verified=True)
C("mem_fault_exit_1", M + ["--dram-bw", "2"], 1, r"", out="written", verified=False,
  env={"FUSESIM_FAULT": FAULT}, guard=need_fault)


# -- DRAM co-simulation: --dram-trace DIR, --dram-latency FILE|DIR
def no_path(name):
    def check(d, so, se):
        return name + " was created" if os.path.exists(os.path.join(d, name)) else None

    return check


# The tiny layer's DRAM bursts under ddr4-3200 (more than one): a one-line file is too short.
DDR = M + ["--memory", "ddr4-3200"]
NET = ["network", "--net", "mobilenet_v3_small", "--variant", "baseline", "--array", "8x8",
       "--quiet", "--memory", "ddr4-3200"]
C("dram_trace_ideal", M + ["--dram-trace", "tr"], 2,
  r"--dram-trace: needs a memory system \(--memory PRESET\|FILE", check=no_path("tr"))
C("dram_trace_is_file", DDR + ["--dram-trace", "tr"], 2, r"--dram-trace tr: exists and is not a "
  r"folder", setup=files(tr="x"), check=file_unchanged("tr", b"x"))
C("dram_trace_no_parent", DDR + ["--dram-trace", "no/such/tr"], 2, r"--dram-trace no/such/tr")
C("dram_latency_ideal", M + ["--dram-latency", "lat"], 2,
  r"--dram-latency: needs a memory system", setup=files(lat="5\n"))
C("dram_latency_missing", DDR + ["--dram-latency", "nolat"], 2,
  r"--dram-latency nolat: no such file or folder")
C("dram_latency_bad_value", DDR + ["--dram-latency", "lat"], 2, r"lat:2: latency: ",
  setup=files(lat="5\nabc\n"))
C("dram_latency_too_short", DDR + ["--dram-latency", "lat"], 2, r"lat:2: latency: ",
  setup=files(lat="5\n"))
C("dram_latency_file_for_network", NET + ["--dram-latency", "lat"], 2,
  r"--dram-latency lat: the run simulates \d+ layers; give a folder of per-layer files",
  setup=files(lat="5\n"))
C("dram_latency_folder_missing_file", NET + ["--dram-latency", "."], 2,
  r"001-[^ ]*\.latency: file: cannot open")
C("dram_trace_with_error_leaves_nothing", WIDE + ["--sram-kb", "64,64,1", "--dram-trace", "tr"],
  2, r"sram\.ofmap_kb", check=no_path("tr"))
C("ofmap_reuse_bad_value", DDR + ["--ofmap-reuse", "maybe"], 2,
  r"--ofmap-reuse: expected on or off, got 'maybe'")
C("ofmap_reuse_ideal", M + ["--ofmap-reuse", "off"], 2,
  r"--ofmap-reuse: needs a memory system")
