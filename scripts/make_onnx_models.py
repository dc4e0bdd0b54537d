#!/usr/bin/python3
"""Builds the ONNX test models of fusesim's importer (workloads/onnx_import.h) with Debian's
python3-onnx, random weights, into a folder: nothing binary is checked in.

  /usr/bin/python3 scripts/make_onnx_models.py OUT_DIR [NAME ...]   (NAME: only those models)

Models (each checked with onnx.checker):
  mobilenet_v2.onnx     torchvision's MobileNetV2 block by block (Conv, BatchNormalization, Clip,
                        Add, GlobalAveragePool, Flatten, Gemm), like the network zoo's
                        mobilenet_v2; imports to the zoo's layer table
  grouped.onnx          group counts 1, 2, 4 and C (depthwise), and a 1x3 depthwise (fuse-row)
  asym_pad.onnx         asymmetric pads and SAME_UPPER auto-padding, a 2x1 stride
  matmul_head.onnx      Conv, then Flatten and a MatMul head; both weights from Constant nodes
  dynamic_batch.onnx    a symbolic batch dimension (needs --input-shape)
  bad_*.onnx            inputs the importer must refuse: truncated, not ONNX, opset 3, dilation 2,
                        weights computed at run time, an empty graph
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

RNG = np.random.default_rng(7)
OPSET = 13


class Net:
    """A graph under construction, NCHW, with the current tensor's name and shape."""

    def __init__(self, c, h, w, batch=1):
        self.nodes, self.inits = [], []
        self.cur, self.c, self.h, self.w = "input", c, h, w
        self.input = helper.make_tensor_value_info("input", TensorProto.FLOAT, [batch, c, h, w])
        self.n = 0

    def name(self, base):
        self.n += 1
        return "%s_%d" % (base, self.n)

    def init(self, name, shape):
        self.inits.append(numpy_helper.from_array(
            RNG.standard_normal(shape).astype(np.float32), name))
        return name

    def node(self, op, inputs, name, **attrs):
        out = name + "_out"
        self.nodes.append(helper.make_node(op, inputs, [out], name=name, **attrs))
        self.cur = out
        return out

    def conv(self, name, out_c, k, stride=1, group=1, pads=None, bias=False, **attrs):
        kh, kw = (k, k) if isinstance(k, int) else k
        sh, sw = (stride, stride) if isinstance(stride, int) else stride
        if pads is None and "auto_pad" not in attrs:
            pads = [kh // 2, kw // 2, kh // 2, kw // 2]
        w = self.init(name + ".weight", [out_c, self.c // group, kh, kw])
        ins = [self.cur, w] + ([self.init(name + ".bias", [out_c])] if bias else [])
        if pads is not None:
            attrs["pads"] = pads
        self.node("Conv", ins, name, kernel_shape=[kh, kw], strides=[sh, sw], group=group, **attrs)
        p = pads or [0, 0, 0, 0]
        if attrs.get("auto_pad", "").startswith("SAME"):
            self.h, self.w = -(-self.h // sh), -(-self.w // sw)
        else:
            self.h = (self.h + p[0] + p[2] - kh) // sh + 1
            self.w = (self.w + p[1] + p[3] - kw) // sw + 1
        self.c = out_c
        return self.cur

    def bn_relu6(self, name, relu=True):
        c = self.c
        ins = [self.cur] + [self.init("%s.%s" % (name, s), [c])
                            for s in ("scale", "bias", "mean", "var")]
        self.node("BatchNormalization", ins, name + "_bn")
        if relu:
            lo = self.const_scalar(name + ".lo", 0.0)
            hi = self.const_scalar(name + ".hi", 6.0)
            self.node("Clip", [self.cur, lo, hi], name + "_relu6")

    def const_scalar(self, name, v):
        self.inits.append(numpy_helper.from_array(np.array(v, dtype=np.float32), name))
        return name

    def model(self, name, out_shape, opset=OPSET):
        out = helper.make_tensor_value_info(self.cur, TensorProto.FLOAT, out_shape)
        g = helper.make_graph(self.nodes, name, [self.input], [out], self.inits)
        m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
        m.ir_version = 8
        return m


def mobilenet_v2():
    """torchvision.models.mobilenet_v2 (width 1.0, 224x224), its inverted-residual table."""
    n = Net(3, 224, 224)
    n.conv("features.0", 32, 3, stride=2)
    n.bn_relu6("features.0")
    cfg = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1),
           (6, 160, 3, 2), (6, 320, 1, 1)]
    block = 1
    for t, c, reps, s in cfg:
        for i in range(reps):
            stride = s if i == 0 else 1
            skip, in_c = n.cur, n.c
            p = "MB%d" % block
            if t != 1:
                n.conv(p + ".pw", in_c * t, 1)
                n.bn_relu6(p + ".pw")
            n.conv(p + ".dw3x3", n.c, 3, stride=stride, group=n.c)
            n.bn_relu6(p + ".dw3x3")
            n.conv(p + ".pw-linear", c, 1)
            n.bn_relu6(p + ".pw-linear", relu=False)
            if stride == 1 and in_c == c:
                n.node("Add", [skip, n.cur], p + ".add")
            block += 1
    n.conv("features.18", 1280, 1)
    n.bn_relu6("features.18")
    n.node("GlobalAveragePool", [n.cur], "pool")
    n.node("Flatten", [n.cur], "flatten", axis=1)
    w = n.init("classifier.1.weight", [1000, 1280])
    b = n.init("classifier.1.bias", [1000])
    n.node("Gemm", [n.cur, w, b], "classifier.1", transB=1)
    return n.model("mobilenet_v2", [1, 1000])


def grouped():
    n = Net(16, 12, 12)
    n.conv("dense", 16, 3)
    n.conv("g2", 32, 3, group=2)
    n.conv("g4_pw", 32, 1, group=4)
    n.conv("dw", 32, 3, group=32)
    n.conv("dw_1x3", 32, (1, 3), group=32, pads=[0, 1, 0, 1])
    n.conv("dw_mult2", 64, 3, group=32)  # depth multiplier 2: 32 groups of 1 channel, 2 filters
    return n.model("grouped", [1, 64, 12, 12])


def asym_pad():
    n = Net(8, 16, 14)
    n.conv("asym", 8, 3, stride=2, pads=[0, 1, 1, 0])
    n.conv("same_upper", 16, 3, stride=2, auto_pad="SAME_UPPER")
    n.conv("stride_2x1", 16, (3, 1), stride=(2, 1), pads=[1, 0, 1, 0])
    return n.model("asym_pad", [1, 16, n.h, n.w])


def matmul_head():
    n = Net(4, 8, 8)
    # The stem's weights come from a Constant node (as paddle2onnx writes them), not an
    # initializer.
    ws = numpy_helper.from_array(RNG.standard_normal([8, 4, 3, 3]).astype(np.float32), "ws")
    n.nodes.append(helper.make_node("Constant", [], ["stem_w"], name="stem_w", value=ws))
    n.node("Conv", [n.cur, "stem_w"], "stem", kernel_shape=[3, 3], strides=[2, 2],
           pads=[1, 1, 1, 1])
    n.c, n.h, n.w = 8, 4, 4
    n.node("Relu", [n.cur], "relu")
    n.node("Flatten", [n.cur], "flatten", axis=1)
    wt = numpy_helper.from_array(RNG.standard_normal([8 * 4 * 4, 10]).astype(np.float32), "w")
    n.nodes.append(helper.make_node("Constant", [], ["head_w"], name="head_w", value=wt))
    n.node("MatMul", [n.cur, "head_w"], "head")
    return n.model("matmul_head", [1, 10])


def dynamic_batch():
    m = grouped()
    m.graph.input[0].type.tensor_type.shape.dim[0].dim_param = "batch"
    m.graph.output[0].type.tensor_type.shape.dim[0].dim_param = "batch"
    return m


def bad_dilation():
    n = Net(4, 10, 10)
    n.conv("dilated", 4, 3, dilations=[2, 2], pads=[2, 2, 2, 2])
    return n.model("bad_dilation", [1, 4, 10, 10])


def bad_runtime_weights():
    n = Net(4, 8, 8)
    w = n.init("w0", [4, 4, 3, 3])
    n.nodes.append(helper.make_node("Relu", [w], ["w_relu"], name="make_weights"))
    n.node("Conv", [n.cur, "w_relu"], "conv_rt", kernel_shape=[3, 3], pads=[1, 1, 1, 1])
    return n.model("bad_runtime_weights", [1, 4, 8, 8])


def bad_empty():
    g = helper.make_graph([], "empty", [], [])
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", OPSET)])


def main():
    out = sys.argv[1]
    only = set(sys.argv[2:])
    os.makedirs(out, exist_ok=True)
    makers = {"mobilenet_v2": mobilenet_v2, "grouped": grouped, "asym_pad": asym_pad,
              "matmul_head": matmul_head, "dynamic_batch": dynamic_batch,
              "bad_dilation": bad_dilation, "bad_runtime_weights": bad_runtime_weights}
    good = {}
    for name, make in makers.items():
        if only and name not in only:
            continue
        m = good[name] = make()
        onnx.checker.check_model(m)
        onnx.save(m, os.path.join(out, name + ".onnx"))
    if only:
        print("wrote %d models to %s" % (len(good), out))
        return
    old = grouped()
    old.opset_import[0].version = 3  # an opset the importer does not support
    onnx.save(old, os.path.join(out, "bad_opset.onnx"))
    onnx.save(bad_empty(), os.path.join(out, "bad_empty.onnx"))
    data = open(os.path.join(out, "mobilenet_v2.onnx"), "rb").read()
    open(os.path.join(out, "bad_truncated.onnx"), "wb").write(data[: len(data) // 3])
    open(os.path.join(out, "bad_not_onnx.onnx"), "wb").write(b"name,H,W\nconv1,224,224\n")
    print("wrote %d models to %s" % (len(good) + 4, out))


if __name__ == "__main__":
    main()
