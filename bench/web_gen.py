#!/usr/bin/env python3
"""web_gen.py N OUT.csv: a synthetic curated-list snapshot with N repos in the
llama-police CSV layout (the real file's layers/subcategories, random but
seeded metrics, descriptions with emoji, Chinese, quotes, < and &)."""
import csv, random, sys

n, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(20241105)
cats = {
    'AI engineering': ['AIE framework', 'Agent', 'AI interface', 'Prompt engineering', 'Evals'],
    'Model development': ['Modeling & training', 'Inference optimization', 'Dataset engineering'],
    'Infrastructure': ['Compute management', 'Vector database', 'Serving'],
    'Applications': ['Coding', 'Bots', 'Image production', 'Info aggregation'],
    'Model repo': [''], 'Tutorials': [''], 'Lists': [''],
}
words = ['llm', 'agent', 'rag', 'fast', 'inference', 'vision', 'chat', 'diffusion', 'tool', 'kit', 'serve', 'eval']
descs = ['A "fast" <LLM> toolkit & friends 🚀', '大语言模型 推理框架 & 工具', 'Agents that plan, act & reflect',
         'Vector search for <everything>', 'Train, tune & serve models', 'Open-source chat UI 🤖']
with open(out, 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f)
    w.writerow(['repo', 'category', 'subcat', 'stars', 'star_1d', 'star_1d_pct', 'star_7d', 'star_7d_pct', 'forks',
                'description', 'top_devs', 'contributors', 'created_at', 'updated_at', 'downloads*'])
    for i in range(n):
        cat = rnd.choice(list(cats))
        stars = int(rnd.paretovariate(1.2) * 100)
        d1, d7 = rnd.randint(0, 50), rnd.randint(0, 400)
        w.writerow([f'owner{i % 3000}/{rnd.choice(words)}-{rnd.choice(words)}-{i}', cat, rnd.choice(cats[cat]), stars,
                    d1, f'{100 * d1 / max(stars, 1):.2f}%', d7, f'{100 * d7 / max(stars, 1):.2f}%',
                    stars // 7, rnd.choice(descs), f'dev{i}, dev{i + 1}, dev{i + 2}',
                    rnd.choice(['100+', str(rnd.randint(1, 99))]),
                    f'20{rnd.randint(15, 24)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}', '2024-11-04',
                    rnd.randint(0, 100000)])
