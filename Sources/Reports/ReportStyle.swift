// SPDX-License-Identifier: GPL-3.0-or-later

/// The style sheet and script inlined in `report.html`.
enum ReportStyle {
    static let css = """
    :root{--ink:#1b1b1b;--muted:#505a5f;--rule:#b1b4b6;--bg:#ffffff;--panel:#f3f2f1;--link:#0b57a4;--focus:#ffdd00}
    *{box-sizing:border-box}
    body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--ink);background:var(--bg)}
    nav{position:sticky;top:0;z-index:2;background:var(--panel);border-bottom:1px solid var(--rule);padding:.4rem 1rem;font-size:.9rem}
    nav ul{display:inline;margin:0;padding:0}nav li{display:inline;margin-left:1rem}
    a{color:var(--link)}a:focus,summary:focus,button:focus{outline:3px solid var(--focus);outline-offset:2px;background:var(--focus);color:#0b0c0c}
    main{max-width:1060px;margin:0 auto;padding:0 1rem 2rem}
    header h1{margin:1.2rem 0 .3rem;font-size:1.9rem;line-height:1.2}
    .question{font-size:1.1rem;margin:.2rem 0 .8rem;max-width:60rem}
    .facts{display:flex;flex-wrap:wrap;gap:.3rem 1.6rem;margin:0 0 1rem;font-size:.9rem}
    .facts div{display:flex;gap:.4rem}.facts dt{color:var(--muted)}.facts dd{margin:0;font-weight:600}
    section{border-top:2px solid var(--ink);margin-top:1.6rem;padding-top:.2rem}
    h2{font-size:1.45rem;margin:.4rem 0 .6rem}h3{font-size:1.15rem;margin:1.2rem 0 .4rem}h4{font-size:.9rem;margin:.2rem 0}
    figure{margin:0 0 1.4rem;break-inside:avoid}
    figcaption,.sentence{font-size:1rem;margin:.3rem 0 .4rem;max-width:62rem}
    svg.chart{width:100%;height:auto;display:block;font-size:12px}
    .heatmap{min-width:900px}.scroll{overflow-x:auto}
    .grid{stroke:#e1e1e1;stroke-width:1}.axis{stroke:#6f777b;stroke-width:1}.sep{stroke:#6f777b;stroke-width:.8}
    .ref{stroke-width:1.5;stroke-dasharray:5 4}.tick{fill:#404040;font-size:11px}.reflabel{font-size:11px;font-weight:600;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
    .legend{fill:#1b1b1b;font-size:12px}.hlabel{fill:#1b1b1b;font-size:8.5px}
    .smallmultiples{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:.6rem 1rem}
    .smallmultiples svg .tick{font-size:13px}.smallmultiples svg .reflabel{font-size:13px}
    .key{font-size:.9rem;color:var(--muted);margin:.2rem 0 .6rem}
    .k{display:inline-block;width:1.4rem;height:.75rem;vertical-align:middle;margin:0 .25rem 0 .8rem;border-radius:2px}
    .k.mean{height:3px;background:#0072B2}.k.b50{background:rgba(86,180,233,.62)}.k.b90{background:rgba(86,180,233,.24)}
    details{margin:.3rem 0 0;font-size:.9rem}summary{cursor:pointer;color:var(--link);display:inline-block}
    .tablewrap{max-height:24rem;overflow:auto;border:1px solid var(--rule);margin-top:.4rem}
    .tablewrap.wide{max-height:none}
    table{border-collapse:collapse;font-size:.85rem}
    th,td{padding:.25rem .6rem;border-bottom:1px solid #e1e1e1;text-align:left;vertical-align:top}
    thead th{position:sticky;top:0;background:var(--panel)}
    .num{text-align:right;font-variant-numeric:tabular-nums}
    table.headline{font-size:1rem;min-width:36rem}table.headline caption{text-align:left;color:var(--muted);font-size:.9rem;padding:.2rem 0}
    .q{padding:0 .4rem;border-radius:3px;font-weight:600}
    .q-high{background:#cce5f3;color:#003a5c}.q-medium{background:#fbe7b5;color:#5c4100}.q-low{background:#f6d0b8;color:#6b2300}
    button.copy{margin:.3rem 0;font:inherit;font-size:.85rem;padding:.15rem .6rem;border:1px solid var(--ink);background:#fff;border-radius:3px;cursor:pointer}
    table.crossings td{white-space:nowrap}
    .region{fill:#1b1b1b;font-size:10px;font-weight:700}
    footer{margin-top:2rem;border-top:1px solid var(--rule);color:var(--muted);font-size:.85rem}
    @media print{nav,button.copy,details{display:none}body{font-size:11pt}main{max-width:none}
    section{break-before:auto;break-inside:auto}figure,.smallmultiples>div,tr{break-inside:avoid}a{color:inherit;text-decoration:none}
    .scroll{overflow:visible}.heatmap{min-width:0}.tablewrap{max-height:none;overflow:visible;border:0}}
    """

    /// One control: a "Copy table" button in each disclosure, copying the
    /// table as tab-separated text (keyboard-usable, as every button is).
    static let script = """
    (function(){
    'use strict';
    function tsv(t){var out=[];t.querySelectorAll('tr').forEach(function(r){var c=[];r.querySelectorAll('th,td').forEach(function(x){c.push(x.textContent.replace(/\\t|\\n/g,' '));});out.push(c.join('\\t'));});return out.join('\\n');}
    function copy(text,btn){
    function done(ok){btn.textContent=ok?'Copied':'Select the table and copy it';setTimeout(function(){btn.textContent='Copy table';},2000);}
    try{if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(text).then(function(){done(true);},function(){done(fallback(text));});return;}}catch(e){}
    done(fallback(text));}
    function fallback(text){try{var a=document.createElement('textarea');a.value=text;a.setAttribute('readonly','');a.style.position='fixed';a.style.opacity='0';document.body.appendChild(a);a.select();var ok=document.execCommand&&document.execCommand('copy');document.body.removeChild(a);return !!ok;}catch(e){return false;}}
    document.querySelectorAll('details').forEach(function(d){var t=d.querySelector('table');if(!t)return;var b=document.createElement('button');b.type='button';b.className='copy';b.textContent='Copy table';b.setAttribute('aria-label','Copy this table as tab-separated text');b.addEventListener('click',function(){copy(tsv(t),b);});d.insertBefore(b,d.querySelector('.tablewrap'));});
    })();
    """
}
