// The 64 rounds of SHA-256 written out, generated (the generator is in the message of the commit
// that added this file: `git log --follow Sources/TenancyModel/SHA256Rounds.swift`). Round t uses
// the working variables rotated right by t (so nothing moves between rounds), the constant K[t],
// and schedule word w[t % 16], which from t = 16 on is first updated in place from w[t-15],
// w[t-7] and w[t-2]. Regenerate rather than edit by hand.

extension SHA256 {
    /// One 64-byte block. Written out, the rounds keep every word in registers: 1.5× the looped form
    /// (260 → 383 MB/s on this machine), about what portable C reaches without SHA instructions.
    mutating func compress(_ block: UnsafePointer<UInt8>) {
        @inline(__always) func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }
        @inline(__always) func load(_ i: Int) -> UInt32 {
            UInt32(block[4 &* i]) &<< 24 | UInt32(block[4 &* i &+ 1]) &<< 16 | UInt32(block[4 &* i &+ 2]) &<< 8 | UInt32(block[4 &* i &+ 3])
        }
        var w0 = load(0)
        var w1 = load(1)
        var w2 = load(2)
        var w3 = load(3)
        var w4 = load(4)
        var w5 = load(5)
        var w6 = load(6)
        var w7 = load(7)
        var w8 = load(8)
        var w9 = load(9)
        var w10 = load(10)
        var w11 = load(11)
        var w12 = load(12)
        var w13 = load(13)
        var w14 = load(14)
        var w15 = load(15)
        var a = s0, b = s1, c = s2, d = s3, e = s4, f = s5, g = s6, h = s7
        do {
            let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ 0x428a2f98 &+ w0
            let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
            d = d &+ t1
            h = t1 &+ t2
        }
        do {
            let t1 = g &+ (rotr(d, 6) ^ rotr(d, 11) ^ rotr(d, 25)) &+ ((d & e) ^ (~d & f)) &+ 0x71374491 &+ w1
            let t2 = (rotr(h, 2) ^ rotr(h, 13) ^ rotr(h, 22)) &+ ((h & a) ^ (h & b) ^ (a & b))
            c = c &+ t1
            g = t1 &+ t2
        }
        do {
            let t1 = f &+ (rotr(c, 6) ^ rotr(c, 11) ^ rotr(c, 25)) &+ ((c & d) ^ (~c & e)) &+ 0xb5c0fbcf &+ w2
            let t2 = (rotr(g, 2) ^ rotr(g, 13) ^ rotr(g, 22)) &+ ((g & h) ^ (g & a) ^ (h & a))
            b = b &+ t1
            f = t1 &+ t2
        }
        do {
            let t1 = e &+ (rotr(b, 6) ^ rotr(b, 11) ^ rotr(b, 25)) &+ ((b & c) ^ (~b & d)) &+ 0xe9b5dba5 &+ w3
            let t2 = (rotr(f, 2) ^ rotr(f, 13) ^ rotr(f, 22)) &+ ((f & g) ^ (f & h) ^ (g & h))
            a = a &+ t1
            e = t1 &+ t2
        }
        do {
            let t1 = d &+ (rotr(a, 6) ^ rotr(a, 11) ^ rotr(a, 25)) &+ ((a & b) ^ (~a & c)) &+ 0x3956c25b &+ w4
            let t2 = (rotr(e, 2) ^ rotr(e, 13) ^ rotr(e, 22)) &+ ((e & f) ^ (e & g) ^ (f & g))
            h = h &+ t1
            d = t1 &+ t2
        }
        do {
            let t1 = c &+ (rotr(h, 6) ^ rotr(h, 11) ^ rotr(h, 25)) &+ ((h & a) ^ (~h & b)) &+ 0x59f111f1 &+ w5
            let t2 = (rotr(d, 2) ^ rotr(d, 13) ^ rotr(d, 22)) &+ ((d & e) ^ (d & f) ^ (e & f))
            g = g &+ t1
            c = t1 &+ t2
        }
        do {
            let t1 = b &+ (rotr(g, 6) ^ rotr(g, 11) ^ rotr(g, 25)) &+ ((g & h) ^ (~g & a)) &+ 0x923f82a4 &+ w6
            let t2 = (rotr(c, 2) ^ rotr(c, 13) ^ rotr(c, 22)) &+ ((c & d) ^ (c & e) ^ (d & e))
            f = f &+ t1
            b = t1 &+ t2
        }
        do {
            let t1 = a &+ (rotr(f, 6) ^ rotr(f, 11) ^ rotr(f, 25)) &+ ((f & g) ^ (~f & h)) &+ 0xab1c5ed5 &+ w7
            let t2 = (rotr(b, 2) ^ rotr(b, 13) ^ rotr(b, 22)) &+ ((b & c) ^ (b & d) ^ (c & d))
            e = e &+ t1
            a = t1 &+ t2
        }
        do {
            let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ 0xd807aa98 &+ w8
            let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
            d = d &+ t1
            h = t1 &+ t2
        }
        do {
            let t1 = g &+ (rotr(d, 6) ^ rotr(d, 11) ^ rotr(d, 25)) &+ ((d & e) ^ (~d & f)) &+ 0x12835b01 &+ w9
            let t2 = (rotr(h, 2) ^ rotr(h, 13) ^ rotr(h, 22)) &+ ((h & a) ^ (h & b) ^ (a & b))
            c = c &+ t1
            g = t1 &+ t2
        }
        do {
            let t1 = f &+ (rotr(c, 6) ^ rotr(c, 11) ^ rotr(c, 25)) &+ ((c & d) ^ (~c & e)) &+ 0x243185be &+ w10
            let t2 = (rotr(g, 2) ^ rotr(g, 13) ^ rotr(g, 22)) &+ ((g & h) ^ (g & a) ^ (h & a))
            b = b &+ t1
            f = t1 &+ t2
        }
        do {
            let t1 = e &+ (rotr(b, 6) ^ rotr(b, 11) ^ rotr(b, 25)) &+ ((b & c) ^ (~b & d)) &+ 0x550c7dc3 &+ w11
            let t2 = (rotr(f, 2) ^ rotr(f, 13) ^ rotr(f, 22)) &+ ((f & g) ^ (f & h) ^ (g & h))
            a = a &+ t1
            e = t1 &+ t2
        }
        do {
            let t1 = d &+ (rotr(a, 6) ^ rotr(a, 11) ^ rotr(a, 25)) &+ ((a & b) ^ (~a & c)) &+ 0x72be5d74 &+ w12
            let t2 = (rotr(e, 2) ^ rotr(e, 13) ^ rotr(e, 22)) &+ ((e & f) ^ (e & g) ^ (f & g))
            h = h &+ t1
            d = t1 &+ t2
        }
        do {
            let t1 = c &+ (rotr(h, 6) ^ rotr(h, 11) ^ rotr(h, 25)) &+ ((h & a) ^ (~h & b)) &+ 0x80deb1fe &+ w13
            let t2 = (rotr(d, 2) ^ rotr(d, 13) ^ rotr(d, 22)) &+ ((d & e) ^ (d & f) ^ (e & f))
            g = g &+ t1
            c = t1 &+ t2
        }
        do {
            let t1 = b &+ (rotr(g, 6) ^ rotr(g, 11) ^ rotr(g, 25)) &+ ((g & h) ^ (~g & a)) &+ 0x9bdc06a7 &+ w14
            let t2 = (rotr(c, 2) ^ rotr(c, 13) ^ rotr(c, 22)) &+ ((c & d) ^ (c & e) ^ (d & e))
            f = f &+ t1
            b = t1 &+ t2
        }
        do {
            let t1 = a &+ (rotr(f, 6) ^ rotr(f, 11) ^ rotr(f, 25)) &+ ((f & g) ^ (~f & h)) &+ 0xc19bf174 &+ w15
            let t2 = (rotr(b, 2) ^ rotr(b, 13) ^ rotr(b, 22)) &+ ((b & c) ^ (b & d) ^ (c & d))
            e = e &+ t1
            a = t1 &+ t2
        }
        w0 = w0 &+ (rotr(w1, 7) ^ rotr(w1, 18) ^ (w1 &>> 3)) &+ w9 &+ (rotr(w14, 17) ^ rotr(w14, 19) ^ (w14 &>> 10))
        do {
            let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ 0xe49b69c1 &+ w0
            let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
            d = d &+ t1
            h = t1 &+ t2
        }
        w1 = w1 &+ (rotr(w2, 7) ^ rotr(w2, 18) ^ (w2 &>> 3)) &+ w10 &+ (rotr(w15, 17) ^ rotr(w15, 19) ^ (w15 &>> 10))
        do {
            let t1 = g &+ (rotr(d, 6) ^ rotr(d, 11) ^ rotr(d, 25)) &+ ((d & e) ^ (~d & f)) &+ 0xefbe4786 &+ w1
            let t2 = (rotr(h, 2) ^ rotr(h, 13) ^ rotr(h, 22)) &+ ((h & a) ^ (h & b) ^ (a & b))
            c = c &+ t1
            g = t1 &+ t2
        }
        w2 = w2 &+ (rotr(w3, 7) ^ rotr(w3, 18) ^ (w3 &>> 3)) &+ w11 &+ (rotr(w0, 17) ^ rotr(w0, 19) ^ (w0 &>> 10))
        do {
            let t1 = f &+ (rotr(c, 6) ^ rotr(c, 11) ^ rotr(c, 25)) &+ ((c & d) ^ (~c & e)) &+ 0x0fc19dc6 &+ w2
            let t2 = (rotr(g, 2) ^ rotr(g, 13) ^ rotr(g, 22)) &+ ((g & h) ^ (g & a) ^ (h & a))
            b = b &+ t1
            f = t1 &+ t2
        }
        w3 = w3 &+ (rotr(w4, 7) ^ rotr(w4, 18) ^ (w4 &>> 3)) &+ w12 &+ (rotr(w1, 17) ^ rotr(w1, 19) ^ (w1 &>> 10))
        do {
            let t1 = e &+ (rotr(b, 6) ^ rotr(b, 11) ^ rotr(b, 25)) &+ ((b & c) ^ (~b & d)) &+ 0x240ca1cc &+ w3
            let t2 = (rotr(f, 2) ^ rotr(f, 13) ^ rotr(f, 22)) &+ ((f & g) ^ (f & h) ^ (g & h))
            a = a &+ t1
            e = t1 &+ t2
        }
        w4 = w4 &+ (rotr(w5, 7) ^ rotr(w5, 18) ^ (w5 &>> 3)) &+ w13 &+ (rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 &>> 10))
        do {
            let t1 = d &+ (rotr(a, 6) ^ rotr(a, 11) ^ rotr(a, 25)) &+ ((a & b) ^ (~a & c)) &+ 0x2de92c6f &+ w4
            let t2 = (rotr(e, 2) ^ rotr(e, 13) ^ rotr(e, 22)) &+ ((e & f) ^ (e & g) ^ (f & g))
            h = h &+ t1
            d = t1 &+ t2
        }
        w5 = w5 &+ (rotr(w6, 7) ^ rotr(w6, 18) ^ (w6 &>> 3)) &+ w14 &+ (rotr(w3, 17) ^ rotr(w3, 19) ^ (w3 &>> 10))
        do {
            let t1 = c &+ (rotr(h, 6) ^ rotr(h, 11) ^ rotr(h, 25)) &+ ((h & a) ^ (~h & b)) &+ 0x4a7484aa &+ w5
            let t2 = (rotr(d, 2) ^ rotr(d, 13) ^ rotr(d, 22)) &+ ((d & e) ^ (d & f) ^ (e & f))
            g = g &+ t1
            c = t1 &+ t2
        }
        w6 = w6 &+ (rotr(w7, 7) ^ rotr(w7, 18) ^ (w7 &>> 3)) &+ w15 &+ (rotr(w4, 17) ^ rotr(w4, 19) ^ (w4 &>> 10))
        do {
            let t1 = b &+ (rotr(g, 6) ^ rotr(g, 11) ^ rotr(g, 25)) &+ ((g & h) ^ (~g & a)) &+ 0x5cb0a9dc &+ w6
            let t2 = (rotr(c, 2) ^ rotr(c, 13) ^ rotr(c, 22)) &+ ((c & d) ^ (c & e) ^ (d & e))
            f = f &+ t1
            b = t1 &+ t2
        }
        w7 = w7 &+ (rotr(w8, 7) ^ rotr(w8, 18) ^ (w8 &>> 3)) &+ w0 &+ (rotr(w5, 17) ^ rotr(w5, 19) ^ (w5 &>> 10))
        do {
            let t1 = a &+ (rotr(f, 6) ^ rotr(f, 11) ^ rotr(f, 25)) &+ ((f & g) ^ (~f & h)) &+ 0x76f988da &+ w7
            let t2 = (rotr(b, 2) ^ rotr(b, 13) ^ rotr(b, 22)) &+ ((b & c) ^ (b & d) ^ (c & d))
            e = e &+ t1
            a = t1 &+ t2
        }
        w8 = w8 &+ (rotr(w9, 7) ^ rotr(w9, 18) ^ (w9 &>> 3)) &+ w1 &+ (rotr(w6, 17) ^ rotr(w6, 19) ^ (w6 &>> 10))
        do {
            let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ 0x983e5152 &+ w8
            let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
            d = d &+ t1
            h = t1 &+ t2
        }
        w9 = w9 &+ (rotr(w10, 7) ^ rotr(w10, 18) ^ (w10 &>> 3)) &+ w2 &+ (rotr(w7, 17) ^ rotr(w7, 19) ^ (w7 &>> 10))
        do {
            let t1 = g &+ (rotr(d, 6) ^ rotr(d, 11) ^ rotr(d, 25)) &+ ((d & e) ^ (~d & f)) &+ 0xa831c66d &+ w9
            let t2 = (rotr(h, 2) ^ rotr(h, 13) ^ rotr(h, 22)) &+ ((h & a) ^ (h & b) ^ (a & b))
            c = c &+ t1
            g = t1 &+ t2
        }
        w10 = w10 &+ (rotr(w11, 7) ^ rotr(w11, 18) ^ (w11 &>> 3)) &+ w3 &+ (rotr(w8, 17) ^ rotr(w8, 19) ^ (w8 &>> 10))
        do {
            let t1 = f &+ (rotr(c, 6) ^ rotr(c, 11) ^ rotr(c, 25)) &+ ((c & d) ^ (~c & e)) &+ 0xb00327c8 &+ w10
            let t2 = (rotr(g, 2) ^ rotr(g, 13) ^ rotr(g, 22)) &+ ((g & h) ^ (g & a) ^ (h & a))
            b = b &+ t1
            f = t1 &+ t2
        }
        w11 = w11 &+ (rotr(w12, 7) ^ rotr(w12, 18) ^ (w12 &>> 3)) &+ w4 &+ (rotr(w9, 17) ^ rotr(w9, 19) ^ (w9 &>> 10))
        do {
            let t1 = e &+ (rotr(b, 6) ^ rotr(b, 11) ^ rotr(b, 25)) &+ ((b & c) ^ (~b & d)) &+ 0xbf597fc7 &+ w11
            let t2 = (rotr(f, 2) ^ rotr(f, 13) ^ rotr(f, 22)) &+ ((f & g) ^ (f & h) ^ (g & h))
            a = a &+ t1
            e = t1 &+ t2
        }
        w12 = w12 &+ (rotr(w13, 7) ^ rotr(w13, 18) ^ (w13 &>> 3)) &+ w5 &+ (rotr(w10, 17) ^ rotr(w10, 19) ^ (w10 &>> 10))
        do {
            let t1 = d &+ (rotr(a, 6) ^ rotr(a, 11) ^ rotr(a, 25)) &+ ((a & b) ^ (~a & c)) &+ 0xc6e00bf3 &+ w12
            let t2 = (rotr(e, 2) ^ rotr(e, 13) ^ rotr(e, 22)) &+ ((e & f) ^ (e & g) ^ (f & g))
            h = h &+ t1
            d = t1 &+ t2
        }
        w13 = w13 &+ (rotr(w14, 7) ^ rotr(w14, 18) ^ (w14 &>> 3)) &+ w6 &+ (rotr(w11, 17) ^ rotr(w11, 19) ^ (w11 &>> 10))
        do {
            let t1 = c &+ (rotr(h, 6) ^ rotr(h, 11) ^ rotr(h, 25)) &+ ((h & a) ^ (~h & b)) &+ 0xd5a79147 &+ w13
            let t2 = (rotr(d, 2) ^ rotr(d, 13) ^ rotr(d, 22)) &+ ((d & e) ^ (d & f) ^ (e & f))
            g = g &+ t1
            c = t1 &+ t2
        }
        w14 = w14 &+ (rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 &>> 3)) &+ w7 &+ (rotr(w12, 17) ^ rotr(w12, 19) ^ (w12 &>> 10))
        do {
            let t1 = b &+ (rotr(g, 6) ^ rotr(g, 11) ^ rotr(g, 25)) &+ ((g & h) ^ (~g & a)) &+ 0x06ca6351 &+ w14
            let t2 = (rotr(c, 2) ^ rotr(c, 13) ^ rotr(c, 22)) &+ ((c & d) ^ (c & e) ^ (d & e))
            f = f &+ t1
            b = t1 &+ t2
        }
        w15 = w15 &+ (rotr(w0, 7) ^ rotr(w0, 18) ^ (w0 &>> 3)) &+ w8 &+ (rotr(w13, 17) ^ rotr(w13, 19) ^ (w13 &>> 10))
        do {
            let t1 = a &+ (rotr(f, 6) ^ rotr(f, 11) ^ rotr(f, 25)) &+ ((f & g) ^ (~f & h)) &+ 0x14292967 &+ w15
            let t2 = (rotr(b, 2) ^ rotr(b, 13) ^ rotr(b, 22)) &+ ((b & c) ^ (b & d) ^ (c & d))
            e = e &+ t1
            a = t1 &+ t2
        }
        w0 = w0 &+ (rotr(w1, 7) ^ rotr(w1, 18) ^ (w1 &>> 3)) &+ w9 &+ (rotr(w14, 17) ^ rotr(w14, 19) ^ (w14 &>> 10))
        do {
            let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ 0x27b70a85 &+ w0
            let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
            d = d &+ t1
            h = t1 &+ t2
        }
        w1 = w1 &+ (rotr(w2, 7) ^ rotr(w2, 18) ^ (w2 &>> 3)) &+ w10 &+ (rotr(w15, 17) ^ rotr(w15, 19) ^ (w15 &>> 10))
        do {
            let t1 = g &+ (rotr(d, 6) ^ rotr(d, 11) ^ rotr(d, 25)) &+ ((d & e) ^ (~d & f)) &+ 0x2e1b2138 &+ w1
            let t2 = (rotr(h, 2) ^ rotr(h, 13) ^ rotr(h, 22)) &+ ((h & a) ^ (h & b) ^ (a & b))
            c = c &+ t1
            g = t1 &+ t2
        }
        w2 = w2 &+ (rotr(w3, 7) ^ rotr(w3, 18) ^ (w3 &>> 3)) &+ w11 &+ (rotr(w0, 17) ^ rotr(w0, 19) ^ (w0 &>> 10))
        do {
            let t1 = f &+ (rotr(c, 6) ^ rotr(c, 11) ^ rotr(c, 25)) &+ ((c & d) ^ (~c & e)) &+ 0x4d2c6dfc &+ w2
            let t2 = (rotr(g, 2) ^ rotr(g, 13) ^ rotr(g, 22)) &+ ((g & h) ^ (g & a) ^ (h & a))
            b = b &+ t1
            f = t1 &+ t2
        }
        w3 = w3 &+ (rotr(w4, 7) ^ rotr(w4, 18) ^ (w4 &>> 3)) &+ w12 &+ (rotr(w1, 17) ^ rotr(w1, 19) ^ (w1 &>> 10))
        do {
            let t1 = e &+ (rotr(b, 6) ^ rotr(b, 11) ^ rotr(b, 25)) &+ ((b & c) ^ (~b & d)) &+ 0x53380d13 &+ w3
            let t2 = (rotr(f, 2) ^ rotr(f, 13) ^ rotr(f, 22)) &+ ((f & g) ^ (f & h) ^ (g & h))
            a = a &+ t1
            e = t1 &+ t2
        }
        w4 = w4 &+ (rotr(w5, 7) ^ rotr(w5, 18) ^ (w5 &>> 3)) &+ w13 &+ (rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 &>> 10))
        do {
            let t1 = d &+ (rotr(a, 6) ^ rotr(a, 11) ^ rotr(a, 25)) &+ ((a & b) ^ (~a & c)) &+ 0x650a7354 &+ w4
            let t2 = (rotr(e, 2) ^ rotr(e, 13) ^ rotr(e, 22)) &+ ((e & f) ^ (e & g) ^ (f & g))
            h = h &+ t1
            d = t1 &+ t2
        }
        w5 = w5 &+ (rotr(w6, 7) ^ rotr(w6, 18) ^ (w6 &>> 3)) &+ w14 &+ (rotr(w3, 17) ^ rotr(w3, 19) ^ (w3 &>> 10))
        do {
            let t1 = c &+ (rotr(h, 6) ^ rotr(h, 11) ^ rotr(h, 25)) &+ ((h & a) ^ (~h & b)) &+ 0x766a0abb &+ w5
            let t2 = (rotr(d, 2) ^ rotr(d, 13) ^ rotr(d, 22)) &+ ((d & e) ^ (d & f) ^ (e & f))
            g = g &+ t1
            c = t1 &+ t2
        }
        w6 = w6 &+ (rotr(w7, 7) ^ rotr(w7, 18) ^ (w7 &>> 3)) &+ w15 &+ (rotr(w4, 17) ^ rotr(w4, 19) ^ (w4 &>> 10))
        do {
            let t1 = b &+ (rotr(g, 6) ^ rotr(g, 11) ^ rotr(g, 25)) &+ ((g & h) ^ (~g & a)) &+ 0x81c2c92e &+ w6
            let t2 = (rotr(c, 2) ^ rotr(c, 13) ^ rotr(c, 22)) &+ ((c & d) ^ (c & e) ^ (d & e))
            f = f &+ t1
            b = t1 &+ t2
        }
        w7 = w7 &+ (rotr(w8, 7) ^ rotr(w8, 18) ^ (w8 &>> 3)) &+ w0 &+ (rotr(w5, 17) ^ rotr(w5, 19) ^ (w5 &>> 10))
        do {
            let t1 = a &+ (rotr(f, 6) ^ rotr(f, 11) ^ rotr(f, 25)) &+ ((f & g) ^ (~f & h)) &+ 0x92722c85 &+ w7
            let t2 = (rotr(b, 2) ^ rotr(b, 13) ^ rotr(b, 22)) &+ ((b & c) ^ (b & d) ^ (c & d))
            e = e &+ t1
            a = t1 &+ t2
        }
        w8 = w8 &+ (rotr(w9, 7) ^ rotr(w9, 18) ^ (w9 &>> 3)) &+ w1 &+ (rotr(w6, 17) ^ rotr(w6, 19) ^ (w6 &>> 10))
        do {
            let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ 0xa2bfe8a1 &+ w8
            let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
            d = d &+ t1
            h = t1 &+ t2
        }
        w9 = w9 &+ (rotr(w10, 7) ^ rotr(w10, 18) ^ (w10 &>> 3)) &+ w2 &+ (rotr(w7, 17) ^ rotr(w7, 19) ^ (w7 &>> 10))
        do {
            let t1 = g &+ (rotr(d, 6) ^ rotr(d, 11) ^ rotr(d, 25)) &+ ((d & e) ^ (~d & f)) &+ 0xa81a664b &+ w9
            let t2 = (rotr(h, 2) ^ rotr(h, 13) ^ rotr(h, 22)) &+ ((h & a) ^ (h & b) ^ (a & b))
            c = c &+ t1
            g = t1 &+ t2
        }
        w10 = w10 &+ (rotr(w11, 7) ^ rotr(w11, 18) ^ (w11 &>> 3)) &+ w3 &+ (rotr(w8, 17) ^ rotr(w8, 19) ^ (w8 &>> 10))
        do {
            let t1 = f &+ (rotr(c, 6) ^ rotr(c, 11) ^ rotr(c, 25)) &+ ((c & d) ^ (~c & e)) &+ 0xc24b8b70 &+ w10
            let t2 = (rotr(g, 2) ^ rotr(g, 13) ^ rotr(g, 22)) &+ ((g & h) ^ (g & a) ^ (h & a))
            b = b &+ t1
            f = t1 &+ t2
        }
        w11 = w11 &+ (rotr(w12, 7) ^ rotr(w12, 18) ^ (w12 &>> 3)) &+ w4 &+ (rotr(w9, 17) ^ rotr(w9, 19) ^ (w9 &>> 10))
        do {
            let t1 = e &+ (rotr(b, 6) ^ rotr(b, 11) ^ rotr(b, 25)) &+ ((b & c) ^ (~b & d)) &+ 0xc76c51a3 &+ w11
            let t2 = (rotr(f, 2) ^ rotr(f, 13) ^ rotr(f, 22)) &+ ((f & g) ^ (f & h) ^ (g & h))
            a = a &+ t1
            e = t1 &+ t2
        }
        w12 = w12 &+ (rotr(w13, 7) ^ rotr(w13, 18) ^ (w13 &>> 3)) &+ w5 &+ (rotr(w10, 17) ^ rotr(w10, 19) ^ (w10 &>> 10))
        do {
            let t1 = d &+ (rotr(a, 6) ^ rotr(a, 11) ^ rotr(a, 25)) &+ ((a & b) ^ (~a & c)) &+ 0xd192e819 &+ w12
            let t2 = (rotr(e, 2) ^ rotr(e, 13) ^ rotr(e, 22)) &+ ((e & f) ^ (e & g) ^ (f & g))
            h = h &+ t1
            d = t1 &+ t2
        }
        w13 = w13 &+ (rotr(w14, 7) ^ rotr(w14, 18) ^ (w14 &>> 3)) &+ w6 &+ (rotr(w11, 17) ^ rotr(w11, 19) ^ (w11 &>> 10))
        do {
            let t1 = c &+ (rotr(h, 6) ^ rotr(h, 11) ^ rotr(h, 25)) &+ ((h & a) ^ (~h & b)) &+ 0xd6990624 &+ w13
            let t2 = (rotr(d, 2) ^ rotr(d, 13) ^ rotr(d, 22)) &+ ((d & e) ^ (d & f) ^ (e & f))
            g = g &+ t1
            c = t1 &+ t2
        }
        w14 = w14 &+ (rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 &>> 3)) &+ w7 &+ (rotr(w12, 17) ^ rotr(w12, 19) ^ (w12 &>> 10))
        do {
            let t1 = b &+ (rotr(g, 6) ^ rotr(g, 11) ^ rotr(g, 25)) &+ ((g & h) ^ (~g & a)) &+ 0xf40e3585 &+ w14
            let t2 = (rotr(c, 2) ^ rotr(c, 13) ^ rotr(c, 22)) &+ ((c & d) ^ (c & e) ^ (d & e))
            f = f &+ t1
            b = t1 &+ t2
        }
        w15 = w15 &+ (rotr(w0, 7) ^ rotr(w0, 18) ^ (w0 &>> 3)) &+ w8 &+ (rotr(w13, 17) ^ rotr(w13, 19) ^ (w13 &>> 10))
        do {
            let t1 = a &+ (rotr(f, 6) ^ rotr(f, 11) ^ rotr(f, 25)) &+ ((f & g) ^ (~f & h)) &+ 0x106aa070 &+ w15
            let t2 = (rotr(b, 2) ^ rotr(b, 13) ^ rotr(b, 22)) &+ ((b & c) ^ (b & d) ^ (c & d))
            e = e &+ t1
            a = t1 &+ t2
        }
        w0 = w0 &+ (rotr(w1, 7) ^ rotr(w1, 18) ^ (w1 &>> 3)) &+ w9 &+ (rotr(w14, 17) ^ rotr(w14, 19) ^ (w14 &>> 10))
        do {
            let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ 0x19a4c116 &+ w0
            let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
            d = d &+ t1
            h = t1 &+ t2
        }
        w1 = w1 &+ (rotr(w2, 7) ^ rotr(w2, 18) ^ (w2 &>> 3)) &+ w10 &+ (rotr(w15, 17) ^ rotr(w15, 19) ^ (w15 &>> 10))
        do {
            let t1 = g &+ (rotr(d, 6) ^ rotr(d, 11) ^ rotr(d, 25)) &+ ((d & e) ^ (~d & f)) &+ 0x1e376c08 &+ w1
            let t2 = (rotr(h, 2) ^ rotr(h, 13) ^ rotr(h, 22)) &+ ((h & a) ^ (h & b) ^ (a & b))
            c = c &+ t1
            g = t1 &+ t2
        }
        w2 = w2 &+ (rotr(w3, 7) ^ rotr(w3, 18) ^ (w3 &>> 3)) &+ w11 &+ (rotr(w0, 17) ^ rotr(w0, 19) ^ (w0 &>> 10))
        do {
            let t1 = f &+ (rotr(c, 6) ^ rotr(c, 11) ^ rotr(c, 25)) &+ ((c & d) ^ (~c & e)) &+ 0x2748774c &+ w2
            let t2 = (rotr(g, 2) ^ rotr(g, 13) ^ rotr(g, 22)) &+ ((g & h) ^ (g & a) ^ (h & a))
            b = b &+ t1
            f = t1 &+ t2
        }
        w3 = w3 &+ (rotr(w4, 7) ^ rotr(w4, 18) ^ (w4 &>> 3)) &+ w12 &+ (rotr(w1, 17) ^ rotr(w1, 19) ^ (w1 &>> 10))
        do {
            let t1 = e &+ (rotr(b, 6) ^ rotr(b, 11) ^ rotr(b, 25)) &+ ((b & c) ^ (~b & d)) &+ 0x34b0bcb5 &+ w3
            let t2 = (rotr(f, 2) ^ rotr(f, 13) ^ rotr(f, 22)) &+ ((f & g) ^ (f & h) ^ (g & h))
            a = a &+ t1
            e = t1 &+ t2
        }
        w4 = w4 &+ (rotr(w5, 7) ^ rotr(w5, 18) ^ (w5 &>> 3)) &+ w13 &+ (rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 &>> 10))
        do {
            let t1 = d &+ (rotr(a, 6) ^ rotr(a, 11) ^ rotr(a, 25)) &+ ((a & b) ^ (~a & c)) &+ 0x391c0cb3 &+ w4
            let t2 = (rotr(e, 2) ^ rotr(e, 13) ^ rotr(e, 22)) &+ ((e & f) ^ (e & g) ^ (f & g))
            h = h &+ t1
            d = t1 &+ t2
        }
        w5 = w5 &+ (rotr(w6, 7) ^ rotr(w6, 18) ^ (w6 &>> 3)) &+ w14 &+ (rotr(w3, 17) ^ rotr(w3, 19) ^ (w3 &>> 10))
        do {
            let t1 = c &+ (rotr(h, 6) ^ rotr(h, 11) ^ rotr(h, 25)) &+ ((h & a) ^ (~h & b)) &+ 0x4ed8aa4a &+ w5
            let t2 = (rotr(d, 2) ^ rotr(d, 13) ^ rotr(d, 22)) &+ ((d & e) ^ (d & f) ^ (e & f))
            g = g &+ t1
            c = t1 &+ t2
        }
        w6 = w6 &+ (rotr(w7, 7) ^ rotr(w7, 18) ^ (w7 &>> 3)) &+ w15 &+ (rotr(w4, 17) ^ rotr(w4, 19) ^ (w4 &>> 10))
        do {
            let t1 = b &+ (rotr(g, 6) ^ rotr(g, 11) ^ rotr(g, 25)) &+ ((g & h) ^ (~g & a)) &+ 0x5b9cca4f &+ w6
            let t2 = (rotr(c, 2) ^ rotr(c, 13) ^ rotr(c, 22)) &+ ((c & d) ^ (c & e) ^ (d & e))
            f = f &+ t1
            b = t1 &+ t2
        }
        w7 = w7 &+ (rotr(w8, 7) ^ rotr(w8, 18) ^ (w8 &>> 3)) &+ w0 &+ (rotr(w5, 17) ^ rotr(w5, 19) ^ (w5 &>> 10))
        do {
            let t1 = a &+ (rotr(f, 6) ^ rotr(f, 11) ^ rotr(f, 25)) &+ ((f & g) ^ (~f & h)) &+ 0x682e6ff3 &+ w7
            let t2 = (rotr(b, 2) ^ rotr(b, 13) ^ rotr(b, 22)) &+ ((b & c) ^ (b & d) ^ (c & d))
            e = e &+ t1
            a = t1 &+ t2
        }
        w8 = w8 &+ (rotr(w9, 7) ^ rotr(w9, 18) ^ (w9 &>> 3)) &+ w1 &+ (rotr(w6, 17) ^ rotr(w6, 19) ^ (w6 &>> 10))
        do {
            let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ 0x748f82ee &+ w8
            let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
            d = d &+ t1
            h = t1 &+ t2
        }
        w9 = w9 &+ (rotr(w10, 7) ^ rotr(w10, 18) ^ (w10 &>> 3)) &+ w2 &+ (rotr(w7, 17) ^ rotr(w7, 19) ^ (w7 &>> 10))
        do {
            let t1 = g &+ (rotr(d, 6) ^ rotr(d, 11) ^ rotr(d, 25)) &+ ((d & e) ^ (~d & f)) &+ 0x78a5636f &+ w9
            let t2 = (rotr(h, 2) ^ rotr(h, 13) ^ rotr(h, 22)) &+ ((h & a) ^ (h & b) ^ (a & b))
            c = c &+ t1
            g = t1 &+ t2
        }
        w10 = w10 &+ (rotr(w11, 7) ^ rotr(w11, 18) ^ (w11 &>> 3)) &+ w3 &+ (rotr(w8, 17) ^ rotr(w8, 19) ^ (w8 &>> 10))
        do {
            let t1 = f &+ (rotr(c, 6) ^ rotr(c, 11) ^ rotr(c, 25)) &+ ((c & d) ^ (~c & e)) &+ 0x84c87814 &+ w10
            let t2 = (rotr(g, 2) ^ rotr(g, 13) ^ rotr(g, 22)) &+ ((g & h) ^ (g & a) ^ (h & a))
            b = b &+ t1
            f = t1 &+ t2
        }
        w11 = w11 &+ (rotr(w12, 7) ^ rotr(w12, 18) ^ (w12 &>> 3)) &+ w4 &+ (rotr(w9, 17) ^ rotr(w9, 19) ^ (w9 &>> 10))
        do {
            let t1 = e &+ (rotr(b, 6) ^ rotr(b, 11) ^ rotr(b, 25)) &+ ((b & c) ^ (~b & d)) &+ 0x8cc70208 &+ w11
            let t2 = (rotr(f, 2) ^ rotr(f, 13) ^ rotr(f, 22)) &+ ((f & g) ^ (f & h) ^ (g & h))
            a = a &+ t1
            e = t1 &+ t2
        }
        w12 = w12 &+ (rotr(w13, 7) ^ rotr(w13, 18) ^ (w13 &>> 3)) &+ w5 &+ (rotr(w10, 17) ^ rotr(w10, 19) ^ (w10 &>> 10))
        do {
            let t1 = d &+ (rotr(a, 6) ^ rotr(a, 11) ^ rotr(a, 25)) &+ ((a & b) ^ (~a & c)) &+ 0x90befffa &+ w12
            let t2 = (rotr(e, 2) ^ rotr(e, 13) ^ rotr(e, 22)) &+ ((e & f) ^ (e & g) ^ (f & g))
            h = h &+ t1
            d = t1 &+ t2
        }
        w13 = w13 &+ (rotr(w14, 7) ^ rotr(w14, 18) ^ (w14 &>> 3)) &+ w6 &+ (rotr(w11, 17) ^ rotr(w11, 19) ^ (w11 &>> 10))
        do {
            let t1 = c &+ (rotr(h, 6) ^ rotr(h, 11) ^ rotr(h, 25)) &+ ((h & a) ^ (~h & b)) &+ 0xa4506ceb &+ w13
            let t2 = (rotr(d, 2) ^ rotr(d, 13) ^ rotr(d, 22)) &+ ((d & e) ^ (d & f) ^ (e & f))
            g = g &+ t1
            c = t1 &+ t2
        }
        w14 = w14 &+ (rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 &>> 3)) &+ w7 &+ (rotr(w12, 17) ^ rotr(w12, 19) ^ (w12 &>> 10))
        do {
            let t1 = b &+ (rotr(g, 6) ^ rotr(g, 11) ^ rotr(g, 25)) &+ ((g & h) ^ (~g & a)) &+ 0xbef9a3f7 &+ w14
            let t2 = (rotr(c, 2) ^ rotr(c, 13) ^ rotr(c, 22)) &+ ((c & d) ^ (c & e) ^ (d & e))
            f = f &+ t1
            b = t1 &+ t2
        }
        w15 = w15 &+ (rotr(w0, 7) ^ rotr(w0, 18) ^ (w0 &>> 3)) &+ w8 &+ (rotr(w13, 17) ^ rotr(w13, 19) ^ (w13 &>> 10))
        do {
            let t1 = a &+ (rotr(f, 6) ^ rotr(f, 11) ^ rotr(f, 25)) &+ ((f & g) ^ (~f & h)) &+ 0xc67178f2 &+ w15
            let t2 = (rotr(b, 2) ^ rotr(b, 13) ^ rotr(b, 22)) &+ ((b & c) ^ (b & d) ^ (c & d))
            e = e &+ t1
            a = t1 &+ t2
        }
        s0 &+= a; s1 &+= b; s2 &+= c; s3 &+= d; s4 &+= e; s5 &+= f; s6 &+= g; s7 &+= h
    }
}
