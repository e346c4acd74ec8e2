#!/usr/bin/env python3
"""gen_snapshot.py N OUT [SEED]: write a curated-list CSV dump of N synthetic
repos shaped like the real one (BOM, quoted descriptions with commas, quotes
and newlines, Chinese text, "100+" contributors, negative gains)."""
import random, sys

n, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 42)
layers = {
    "Infrastructure": ["Serving", "VectorDB", "Monitoring", "Toolings"],
    "Model development": ["Modeling & training", "Inference optimization", "Dataset engineering"],
    "AI engineering": ["AIE framework", "Agent", "Evals", "Prompt engineering", "AI interface"],
    "Applications": ["Coding", "Bots", "Info aggregation", "Image production", "Writing"],
    "Model repo": ["", "Multimodal", "Multilingual"],
    "Tutorials": [""], "Lists": [""],
}
words = "llm agent rag vector fast open local chat model inference serving fine-tune eval prompt".split()
with open(out, "w", encoding="utf-8", newline="") as f:
    f.write("\ufeffrepo,category,subcat,stars,star_1d,star_1d_pct,star_7d,star_7d_pct,forks,"
            "description,top_devs,contributors,created_at,updated_at,downloads*\n")
    for i in range(n):
        layer = rnd.choice(list(layers))
        sub = rnd.choice(layers[layer])
        stars = int(500 * (1 / (1 - rnd.random() * 0.999)))
        g1, g7 = rnd.randint(-3, 300), rnd.randint(-5, 1500)
        desc = " ".join(rnd.choice(words) for _ in range(rnd.randint(3, 25)))
        if i % 7 == 0: desc += ", with \"quotes\""
        if i % 11 == 0: desc += " 支持中文"
        if i % 97 == 0: desc += "\nsecond line"
        contrib = "100+" if rnd.random() < 0.15 else str(rnd.randint(1, 99))
        y, m, d = rnd.randint(2015, 2024), rnd.randint(1, 12), rnd.randint(1, 28)
        f.write(f'owner{i % 7919}/repo-{i},{layer},{sub},{stars},{g1},{100*g1/stars:.2f}%,{g7},'
                f'{100*g7/stars:.2f}%,{stars // 8},"{desc.replace(chr(34), chr(34)*2)}",'
                f'"dev{i % 1000}, dev{(i * 7) % 1000}, dev{(i * 13) % 1000}",{contrib},'
                f'{y}-{m:02d}-{d:02d},2024-11-05,{rnd.randint(0, 10**6)}\n')
