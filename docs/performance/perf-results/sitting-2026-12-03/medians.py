"""Medians of the sitting of 3 Dec 2026: python3 medians.py DIR, where DIR holds the
run-bench.sh outputs std-<base|main|virtual>-<round>.txt (one measured run per round).
base: the previous release (f00118b); main: this release, --io loop; virtual: --io virtual."""
import re,glob,statistics,sys
metrics=['F1 deliveries/s','F2 deliveries/s','D1 round trips/s','D1 RTT p99 ms','C1 logins/s','C1 broadcast reach ms','C1 live heap bytes/conn (full GC before and after)','C1 RSS bytes/conn']
def num(x):
    x=x.strip().split(' ')[0].replace(',','')
    try: return float(x)
    except: return None
res={}
for cfg in ['base','main','virtual']:
    files=sorted(glob.glob('sys.argv[1] + "/std-%s-*.txt"'%cfg))
    for m in metrics:
        ours=[];lim=[];rat=[]
        for f in files:
            for line in open(f):
                if line.startswith('| '+m+' |'):
                    cells=[c.strip() for c in line.strip().strip('|').split('|')]
                    o=num(cells[1]); l=num(cells[2])
                    if o is not None: ours.append(o)
                    if l is not None: lim.append(l)
                    if o and l: rat.append(o/l)
        res[(cfg,m)]=(ours,lim,rat)
for m in metrics:
    print(m)
    for cfg in ['base','main','virtual']:
        o,l,r=res[(cfg,m)]
        if not o: continue
        print('   %-8s n=%d ours median %.1f  limit median %s  ratio median %s  runs %s' % (cfg,len(o),statistics.median(o), ('%.1f'%statistics.median(l)) if l else '-', ('%.2f'%statistics.median(r)) if r else '-', [round(x) for x in o]))
